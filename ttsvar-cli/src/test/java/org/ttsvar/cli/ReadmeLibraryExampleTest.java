package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.reward.RewardConfig;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.var.VarConfig;
import org.ttsvar.models.embedded.var.VarModel;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/**
 * The README's library example is {@link ReadmeExample} verbatim, and it runs: here against tiny
 * random-weight models laid out as a weights folder (the same layout as the shipped one), so the
 * test does not depend on the trained weights.
 */
class ReadmeLibraryExampleTest {
  @TempDir Path weights;
  @TempDir Path tmp;

  @Test
  void theReadmeShowsTheExampleVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/org/ttsvar/cli/ReadmeExample.java"));
    Matcher region = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
    assertThat(region.find()).isTrue();
    String example = dedent(region.group(1));
    String readme = Files.readString(Path.of("..", "README.md"));
    assertThat(readme).as("README.md must show ReadmeExample's code between the markers").contains(example);
  }

  @Test
  void theExampleRuns() throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      ModelFiles.save(weights.resolve("tokenizer"), TokenizerConfig.TINY, new Tokenizer(TokenizerConfig.TINY, m, 1).params(), Map.of());
      VarConfig vc = new VarConfig(32, 2, 2, 2, 1, 12, Grammar.vocabulary(), TokenizerConfig.TINY.bits(), TokenizerConfig.TINY.scales(), 0.1);
      ModelFiles.save(weights.resolve("var"), vc, new VarModel(vc, m, 2).params(), Map.of());
      RewardConfig rc = new RewardConfig("cross", 16, List.of(8, 16), 1, 1, 2, 12, Grammar.vocabulary(), false);
      ModelFiles.save(weights.resolve("reward-ir"), rc, new RewardModel(rc, m, 3).params(), Map.of());
    }
    Files.writeString(weights.resolve("var").resolve("search.json"),
        "{\"batchSchedule\":[4,2,2],\"clusterScales\":[1],\"resampleScales\":[0],\"potential\":\"value\",\"lambda\":10.0,\"extractor\":\"pca\"}");
    String before = System.getProperty("ttsvar.weights");
    System.setProperty("ttsvar.weights", weights.toString());
    try {
      Path png = tmp.resolve("best.png");
      ReadmeExample.run(png);
      RgbImage img = ImageFiles.read(png);
      assertThat(img.width()).isEqualTo(TokenizerConfig.TINY.imageSize());
    } finally {
      if (before == null) {
        System.clearProperty("ttsvar.weights");
      } else {
        System.setProperty("ttsvar.weights", before);
      }
    }
  }

  private static String dedent(String block) {
    List<String> lines = block.lines().toList();
    int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.length() >= indent ? l.substring(indent) : l).toList());
  }
}
