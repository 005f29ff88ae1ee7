package org.ttsvar.models.embedded.search;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsvar.models.embedded.features.Extractors;
import org.ttsvar.models.embedded.reward.LearnedReward;
import org.ttsvar.models.embedded.reward.RewardConfig;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.var.SamplingConfig;
import org.ttsvar.models.embedded.var.VarConfig;
import org.ttsvar.models.embedded.var.VarModel;
import org.ttsvar.models.embedded.var.VarPathGenerator;
import org.ttsvar.search.Potential;
import org.ttsvar.search.SearchConfig;
import org.ttsvar.search.SearchEngine;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.Strategy;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.io.ImageFiles;

/** The engine driving the real generation API, reward and extractors (tiny random-weight models). */
class SearchOnTinyModelsTest {
  static NDManager manager;
  static VarPathGenerator generator;
  static RewardModel rewardModel;
  static Tokenizer tokenizer;
  static final String PROMPT = "a photo of a yellow star and a black heart";

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    tokenizer = new Tokenizer(TokenizerConfig.TINY, manager, 1);
    VarConfig vc = new VarConfig(32, 2, 2, 2, 1, 12, Grammar.vocabulary(), TokenizerConfig.TINY.bits(), TokenizerConfig.TINY.scales(), 0.1);
    generator = new VarPathGenerator(new VarModel(vc, manager, 2), tokenizer, new SamplingConfig(2.0, 1.0, 0.97));
    rewardModel = new RewardModel(new RewardConfig("cross", 16, List.of(8, 16), 1, 1, 2, 12, Grammar.vocabulary(), false), manager, 3);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static SearchEngine engine(String extractor) {
    return new SearchEngine(generator, new LearnedReward("ir", rewardModel), Extractors.create(extractor, tokenizer, rewardModel));
  }

  @ParameterizedTest
  @ValueSource(strings = {"pca", "pool", "supervised", "latent"})
  void ttsvarRunsWithEveryExtractorAndReplaysEverySurvivor(String extractor) {
    SearchConfig c = SearchConfig.of(Strategy.TTSVAR, 2, List.of(4, 2, 2), List.of(1), List.of(), Potential.VALUE, 10, 3);
    SearchEngine e = engine(extractor);
    SearchResult r = e.run(PROMPT, 5, c);
    assertThat(r.trace().stream().mapToInt(t -> t.executedBatch()).toArray()).containsExactly(8, 8, 4);
    assertThat(r.trace().get(1).decision().id()).isEqualTo("cluster");
    assertThat(r.trace().get(1).images() != null).isEqualTo(!extractor.equals("latent"));
    assertThat(r.survivors()).hasSize(4);
    for (SearchResult.Survivor s : r.survivors()) {
      assertThat(ImageFiles.encodePng(e.replay(PROMPT, s.streams()))).isEqualTo(ImageFiles.encodePng(s.image()));
    }
  }

  @Test
  void resamplingWithRepeatsStillReplaysExactly() {
    SearchConfig c = SearchConfig.of(Strategy.IS, 4, List.of(1, 1, 1), List.of(), List.of(), Potential.VALUE, 100, 3);
    SearchEngine e = engine("latent");
    SearchResult r = e.run(PROMPT, 8, c);
    assertThat(r.trace().get(0).decision().id()).isEqualTo("resample");
    for (SearchResult.Survivor s : r.survivors()) {
      assertThat(ImageFiles.encodePng(e.replay(PROMPT, s.streams()))).isEqualTo(ImageFiles.encodePng(s.image()));
    }
    assertThat(r.stats().peakStateBytes()).isPositive();
    assertThat(r.stats().modelFlops()).isPositive();
  }
}
