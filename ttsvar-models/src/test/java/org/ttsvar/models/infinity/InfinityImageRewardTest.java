package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;

/**
 * The reward {@code ir} on the Infinity family: offered (and the default) when the weights folder holds
 * {@value InfinityModels#IMAGEREWARD_FILE} and {@value InfinityModels#TOKENIZER_FILE}, named as missing otherwise.
 */
class InfinityImageRewardTest {
  static Path imageRewardResource(String name) {
    try {
      return Path.of(InfinityImageRewardTest.class.getResource("/imagereward/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The tiny ImageReward and tokenizer under the official names in {@code d}. */
  static void addImageReward(Path d, boolean withTokenizer) throws IOException {
    Files.copy(imageRewardResource("tiny_imagereward.pt"), d.resolve(InfinityModels.IMAGEREWARD_FILE));
    if (withTokenizer) {
      Path t = d.resolve(InfinityModels.TOKENIZER_FILE);
      Files.createDirectories(t.getParent());
      Files.copy(imageRewardResource("tiny_tokenizer.json"), t);
    }
  }

  private static InfinityModels load(Path dir) throws IOException {
    return InfinityModels.loadDir(dir, PrecomputedTextFeatures.load(resource("golden_r1_006M.safetensors")), Schedules.of("0.06M", 1.0), Sampling.DEFAULT,
        Map.of());
  }

  @Test
  void aFolderWithImageRewardRunsBestOfNOnIt(@TempDir Path dir) throws IOException {
    InfinityDinov2ExtractorsTest.officialFolder(dir, false);
    addImageReward(dir, true);
    try (InfinityModels models = load(dir)) {
      assertThat(models.defaultReward()).isEqualTo("ir");
      assertThat(models.reward("IR").name()).isEqualTo("ir");
      assertThatThrownBy(() -> models.reward("clip")).isInstanceOf(SearchSettingException.class).hasMessageContaining("known: ir");
      SearchResult r = SearchSpec.of(Strategy.BON, 2).withBatchSchedule(List.of(2, 2, 2, 2, 2, 2, 2)).build(models).generate(InfinitySearchTest.PROMPT, 0);
      assertThat(r.survivors().get(0).reward()).isFinite();
    }
  }

  @Test
  void aMissingTokenizerIsNamedWithWhereToGetIt(@TempDir Path dir) throws IOException {
    InfinityDinov2ExtractorsTest.officialFolder(dir, false);
    addImageReward(dir, false);
    try (InfinityModels models = load(dir)) {
      assertThat(models.defaultReward()).isEqualTo(InfinityModels.NO_REWARD);
      assertThatThrownBy(() -> models.reward("ir")).isInstanceOf(SearchSettingException.class)
          .hasMessageContaining(dir.resolve(InfinityModels.TOKENIZER_FILE).toString()).hasMessageContaining("google-bert/bert-base-uncased")
          .hasMessageNotContaining(InfinityModels.IMAGEREWARD_FILE + " (");
      assertThatThrownBy(() -> SearchSpec.of(Strategy.BON, 2).build(models)).isInstanceOf(SearchSettingException.class)
          .hasMessageContaining("no reward yet").hasMessageContaining("google-bert/bert-base-uncased");
    }
  }
}
