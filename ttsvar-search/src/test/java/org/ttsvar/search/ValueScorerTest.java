package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.testing.FakeGenerator;

/** The value head as the scorer of partial paths: no decode before the last scale, its values drive resampling. */
class ValueScorerTest {
  /** Scores a path by its code map's first entry; records the scales it was asked at. */
  static final class FirstCode implements PathValue {
    final List<Integer> scales = new ArrayList<>();

    @Override
    public String name() {
      return "first-code";
    }

    @Override
    public double[] score(String prompt, float[][] codeMaps, int scale) {
      scales.add(scale);
      double[] v = new double[codeMaps.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = codeMaps[i][0] / 8.0;
      }
      return v;
    }

    @Override
    public double flopsPerPath() {
      return 7;
    }
  }

  static SearchConfig config(int n) {
    return SearchConfig.of(Strategy.TTSVAR, n, SearchEngineTest.PAPER, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
  }

  @Test
  void partialPathsAreScoredByTheValueHeadWithoutDecodingAndTheFinalChoiceByTheReward() {
    FirstCode value = new FirstCode();
    SearchResult r = new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT, value).run("a photo of a circle", 4, config(2));
    assertThat(value.scales).containsExactly(6, 9);
    // only the final scale is decoded: N images, N reward calls
    assertThat(r.trace().stream().filter(t -> t.images() != null).map(ScaleTrace::scale).toList()).containsExactly(12);
    assertThat(r.stats().decodes()).isEqualTo(2);
    assertThat(r.stats().rewardCalls()).isEqualTo(2);
    // the potentials at a resampling scale are the value head's scores of those rows
    ScaleTrace at6 = r.trace().get(6);
    assertThat(at6.potentials()).containsExactly(at6.rewards());
    assertThat(r.trace().get(12).rewards()).containsExactly(FakeGenerator.REWARD.score("", r.survivors().stream()
        .sorted(java.util.Comparator.comparingInt(SearchResult.Survivor::row)).map(SearchResult.Survivor::image).toList()));
  }

  @Test
  void theValueHeadsFlopsAreCountedAndTheRewardOnlyDecodesMore() {
    SearchResult byValue = new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT, new FirstCode()).run("p", 1, config(2));
    SearchResult byReward = new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT).run("p", 1, config(2));
    assertThat(byReward.stats().decodes()).isEqualTo(8 + 4 + 2);
    double model = byReward.stats().modelFlops() - (8 + 4 + 2) * 500.0;
    assertThat(byValue.stats().modelFlops()).isEqualTo(model + 2 * 500.0 + (8 + 4) * 7.0);
  }

  @Test
  void sameSeedSameSearch() {
    SearchResult a = new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT, new FirstCode()).run("p", 9, config(4));
    SearchResult b = new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT, new FirstCode()).run("p", 9, config(4));
    assertThat(a.survivors().stream().map(SearchResult.Survivor::streams).toList()).usingRecursiveComparison().isEqualTo(b.survivors().stream().map(SearchResult.Survivor::streams).toList());
    assertThat(a.best()).isEqualTo(b.best());
  }

  /** Models of the fake generator with a reward and an extractor but no value head. */
  static final SearchModels WITHOUT_VALUE_HEAD = new SearchModels() {
    @Override
    public PathGenerator generator() {
      return new FakeGenerator(13);
    }

    @Override
    public SearchDefaults searchDefaults() {
      return SearchDefaults.INFINITY_PAPER;
    }

    @Override
    public Reward reward(String name) {
      return FakeGenerator.REWARD;
    }

    @Override
    public FeatureExtractor extractor(String name) {
      return FakeGenerator.LATENT;
    }

    @Override
    public String defaultReward() {
      return "fake";
    }
  };

  @Test
  void aModelWithoutAValueHeadRefusesTheScorerByItsSettingName() {
    SearchModels none = WITHOUT_VALUE_HEAD;
    assertThatThrownBy(() -> SearchSpec.of(Strategy.TTSVAR, 2).withScorer("value-head").build(none))
        .isInstanceOf(SearchSettingException.class)
        .satisfies(e -> assertThat(((SearchSettingException) e).setting()).isEqualTo(SearchSetting.SCORER))
        .hasMessageContaining("reward");
    // the reward scorer needs nothing more, and raw ignores the scorer
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withScorer("reward").build(none)).isNotNull();
    assertThat(SearchSpec.of(Strategy.RAW, 1).withScorer("value-head").build(none)).isNotNull();
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withScorer("value-head").name()).isEqualTo("ttsvar-n2-svalue-head");
  }
}
