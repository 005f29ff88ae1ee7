package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.search.Decision;
import org.ttsvar.search.LatentFeatures;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * The release's DINOv2 extractors on the Infinity family: offered when the weights folder (or the caller)
 * gives {@value InfinityModels#DINOV2_FILE}, named as missing otherwise; {@code latent} always.
 */
class InfinityDinov2ExtractorsTest {
  @TempDir static Path dir;
  static InfinityModels models;

  static Path dinov2Resource() {
    try {
      return Path.of(InfinityDinov2ExtractorsTest.class.getResource("/dinov2/tiny_dinov2_reg4.pth").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A weights folder as a user has it: the tiny files under the official names. */
  static void officialFolder(Path d, boolean withDinov2) throws IOException {
    Files.createDirectories(d);
    Files.copy(resource("tiny_infinity.pth"), d.resolve(InfinityModels.MODEL_FILE));
    Files.copy(resource("tiny_vae.pth"), d.resolve(InfinityModels.VAE_FILE));
    if (withDinov2) {
      Files.copy(dinov2Resource(), d.resolve(InfinityModels.DINOV2_FILE));
    }
  }

  @BeforeAll
  static void load() throws IOException {
    officialFolder(dir, true);
    models = InfinityModels.loadDir(dir, PrecomputedTextFeatures.load(resource("golden_r1_006M.safetensors")), Schedules.of("0.06M", 1.0),
        Sampling.DEFAULT, Map.of("brightness", InfinitySearchTest.BRIGHTNESS));
  }

  @AfterAll
  static void close() {
    models.close();
  }

  @Test
  void aFolderWithDinov2OffersPcaAndPoolAndDefaultsToPca() {
    assertThat(models.dinov2()).isPresent();
    assertThat(models.searchDefaults().extractor()).isEqualTo("pca");
    assertThat(models.extractor("latent")).isInstanceOf(LatentFeatures.class);
    assertThat(models.extractor("pca").needsImages()).isTrue();
    assertThat(models.extractor("POOL").name()).isEqualTo("pool");
  }

  @Test
  void ttsvarClustersOnDinov2Features() {
    // a small schedule (3 paths, clustering at scale 1, resampling at 3) to keep the test fast on the tiny model
    SearchSpec spec = SearchSpec.of(Strategy.TTSVAR, 1).withExtractor("pca").withBatchSchedule(List.of(3, 2, 2, 1, 1, 1, 1))
        .withClusterScales(List.of(1)).withResampleScales(List.of(3));
    SearchResult r = spec.build(models).generate(InfinitySearchTest.PROMPT, 3);
    ScaleTrace clustered = r.trace().get(1);
    assertThat(clustered.decision()).isEqualTo(Decision.CLUSTER);
    assertThat(clustered.features()).hasNumberOfRows(3);
    assertThat(clustered.features()[0]).hasSize(256); // one value per DINOv2 patch (16 × 16)
    double[][] again = models.extractor("pca").extract(clustered.images(), null); // the decoded images, through DINOv2 again
    for (int i = 0; i < 3; i++) {
      assertThat(again[i]).containsExactly(clustered.features()[i], within(1e-9));
    }
    assertThat(r.stats().featureNanos()).isPositive();
    assertThat(r.best().width()).isEqualTo(256);
  }

  @Test
  void withoutDinov2PcaAndPoolNameTheMissingFileAndWhereItIsPublished(@TempDir Path bare) throws IOException {
    officialFolder(bare, false);
    try (InfinityModels m = InfinityModels.loadDir(bare, null, Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of())) {
      assertThat(m.dinov2()).isEmpty();
      assertThat(m.searchDefaults().extractor()).isEqualTo("latent");
      assertThat(m.extractor("latent")).isInstanceOf(LatentFeatures.class);
      for (String name : new String[] {"pca", "pool"}) {
        assertThatThrownBy(() -> m.extractor(name)).isInstanceOf(SearchSettingException.class)
            .hasMessageContaining(bare.resolve(InfinityModels.DINOV2_FILE).toString()).hasMessageContaining("facebookresearch/dinov2");
      }
      assertThatThrownBy(() -> m.extractor("sift")).isInstanceOf(SearchSettingException.class).hasMessageContaining("latent, pca, pool");
    }
  }

  @Test
  void anExplicitDinov2FileThatIsMissingOrWrongIsNamed(@TempDir Path d) {
    Path missing = d.resolve("nope.pth");
    assertThatThrownBy(() -> InfinityModels.load(resource("tiny_infinity.pth"), resource("tiny_vae.pth"), missing, null, null,
        Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of()))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("nope.pth").hasMessageContaining("facebookresearch/dinov2");
    assertThatThrownBy(() -> InfinityModels.load(resource("tiny_infinity.pth"), resource("tiny_vae.pth"), resource("tiny_vae.pth"), null, null,
        Schedules.of("0.06M", 1.0), Sampling.DEFAULT, Map.of()))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("tiny_vae.pth");
  }
}
