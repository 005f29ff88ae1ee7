package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;
import org.ttsvar.search.TtsVar;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/** Every strategy of the search runs unchanged on the tiny random Infinity, deterministically, and replays. */
class InfinitySearchTest {
  static final String PROMPT = "a corgi wearing a red scarf";
  static InfinityModels models;

  /** A test reward: mean brightness, standardized roughly. It judges nothing real; it only orders images. */
  static final Reward BRIGHTNESS = new Reward() {
    public String name() {
      return "brightness";
    }

    public double[] score(String prompt, List<RgbImage> images) {
      return images.stream().mapToDouble(img -> {
        long sum = 0;
        for (byte b : img.bytes()) {
          sum += b & 0xff;
        }
        return ((double) sum / img.bytes().length - 127.5) / 20;
      }).toArray();
    }
  };

  @BeforeAll
  static void load() throws IOException {
    models = InfinityModels.load(resource("tiny_infinity.pth"), resource("tiny_vae.pth"),
        PrecomputedTextFeatures.load(resource("golden_r1_006M.safetensors")), Schedules.of("0.06M", 1.0), Sampling.DEFAULT,
        Map.of("brightness", BRIGHTNESS));
  }

  @AfterAll
  static void close() {
    models.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw", "bon", "is", "ttsvar"})
  void everyStrategyRunsIsDeterministicAndReplaysItsSurvivors(String strategy) {
    Strategy s = Strategy.parse(strategy);
    SearchSpec spec = SearchSpec.of(s, s == Strategy.RAW ? null : s == Strategy.TTSVAR ? 1 : 2); // ttsvar at N = 1 already runs 8 paths
    TtsVar search = spec.build(models);
    SearchResult a = search.generate(PROMPT, 11);
    SearchResult b = spec.build(models).generate(PROMPT, 11);
    assertThat(ImageFiles.encodePng(a.best())).isEqualTo(ImageFiles.encodePng(b.best()));
    assertThat(a.best().width()).isEqualTo(256);
    SearchResult.Survivor best = a.survivors().get(0);
    assertThat(ImageFiles.encodePng(search.replay(PROMPT, best))).isEqualTo(ImageFiles.encodePng(best.image()));
    SearchResult.Survivor last = a.survivors().get(a.survivors().size() - 1);
    assertThat(ImageFiles.encodePng(search.replay(PROMPT, last))).isEqualTo(ImageFiles.encodePng(last.image()));
    assertThat(a.stats().modelFlops()).isPositive();
    assertThat(a.stats().peakStateBytes()).isPositive();
    System.out.printf("%s on tiny Infinity: executed %s, %d survivors, %.3g model FLOPs, peak state %d B%n", strategy,
        a.trace().stream().map(t -> String.valueOf(t.executedBatch())).toList(), a.survivors().size(), a.stats().modelFlops(), a.stats().peakStateBytes());
  }

  @Test
  void otherSeedsGiveOtherImages() {
    TtsVar raw = SearchSpec.of(Strategy.RAW, null).build(models);
    assertThat(raw.generate(PROMPT, 1).best()).isNotEqualTo(raw.generate(PROMPT, 2).best());
  }

  @Test
  void defaultsFitEverySchedule() {
    for (String pn : new String[] {"0.06M", "0.25M", "0.60M", "1M"}) {
      int scales = Schedules.of(pn, 1.0).scales().size();
      for (Strategy s : new Strategy[] {Strategy.BON, Strategy.IS, Strategy.TTSVAR}) {
        SearchSpec.of(s, 1).resolve(InfinityModels.defaultsFor(scales), scales); // throws when invalid
      }
    }
    assertThat(InfinityModels.defaultsFor(13).batchSchedule()).containsExactly(8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1, 1);
  }

  @Test
  void theRegistryIsHonestAboutWhatItLacks() throws IOException {
    try (InfinityModels bare = InfinityModels.load(resource("tiny_infinity.pth"), resource("tiny_vae.pth"),
        PrecomputedTextFeatures.load(resource("golden_r1_006M.safetensors")), Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of())) {
      assertThat(SearchSpec.of(Strategy.RAW, null).build(bare).generate(PROMPT, 0).best()).isNotNull();
      assertThatThrownBy(() -> SearchSpec.of(Strategy.BON, 2).build(bare)).isInstanceOf(SearchSettingException.class)
          .hasMessageContaining("no reward yet");
      assertThatThrownBy(() -> bare.extractor("pca")).isInstanceOf(SearchSettingException.class).hasMessageContaining("latent");
    }
  }

  @Test
  void missingFilesAndForeignTextFeaturesAreBadInputNamingTheFile(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatThrownBy(() -> InfinityModels.loadDir(dir, null, Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of()))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining(InfinityModels.MODEL_FILE).hasMessageContaining("not found");
    assertThatThrownBy(() -> PrecomputedTextFeatures.load(dir.resolve("t.safetensors"))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("t.safetensors").hasMessageContaining("text.features");
    // the VAE file holds no transformer: the loader names the file and a missing tensor
    assertThatThrownBy(() -> InfinityModels.load(resource("tiny_vae.pth"), resource("tiny_vae.pth"), null, Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of()))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("tiny_vae.pth").hasMessageContaining("missing tensor");
  }
}
