package org.ttsvar.world.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;

class ImageSetWriterTest {
  @TempDir Path tmp;
  private final List<PromptSpec> specs = PromptSets.miniGenEval().subList(0, 3);
  private final Map<String, Object> params = Map.of("seed", 0L);

  private RgbImage image(int p, int i) {
    return Renderer.render(new SceneSampler().sample(specs.get(p), p * 10L + i));
  }

  @Test
  void fillsTheLayoutAndMarksTheRunComplete() throws IOException {
    Path root = tmp.resolve("out");
    ImageSetWriter w = ImageSetWriter.open(root, specs, 2, "render", params, false);
    assertThat(w.missing()).isEqualTo(6);
    for (int p = 0; p < 3; p++) {
      w.startPrompt(p);
      for (int i = 0; i < 2; i++) {
        w.write(p, i, image(p, i));
      }
    }
    assertThat(w.missing()).isZero();
    assertThat(new ObjectMapper().readTree(root.resolve("run.json").toFile()).get("complete").asBoolean()).isFalse();
    w.finish();
    assertThat(new ObjectMapper().readTree(root.resolve("run.json").toFile()).get("complete").asBoolean()).isTrue();
    assertThat(GenEvalLayout.scan(root)).extracting(GenEvalLayout.PromptFolder::spec).containsExactlyElementsOf(specs);
  }

  @Test
  void refusesAFolderHoldingResults() throws IOException {
    Path root = tmp.resolve("out");
    ImageSetWriter.open(root, specs, 2, "render", params, false).startPrompt(0);
    assertThatThrownBy(() -> ImageSetWriter.open(root, specs, 2, "render", params, false))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("already holds results")
        .hasMessageContaining("--resume");
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> ImageSetWriter.open(file, specs, 2, "render", params, false)).isInstanceOf(OutputFolderException.class).hasMessageContaining("not a folder");
  }

  @Test
  void refusesAForeignFolderEvenWhenResuming() throws IOException {
    Path root = tmp.resolve("foreign");
    GenEvalLayout.writePrompt(root, 0, specs.get(0));
    assertThatThrownBy(() -> ImageSetWriter.open(root, specs, 2, "render", params, true)).isInstanceOf(OutputFolderException.class).hasMessageContaining("no run.json");
  }

  @Test
  void resumeKeepsWhatIsThereAndRefusesOtherArguments() throws IOException {
    Path root = tmp.resolve("out");
    ImageSetWriter first = ImageSetWriter.open(root, specs, 2, "render", params, false);
    first.startPrompt(0);
    first.write(0, 0, image(0, 0));
    byte[] kept = Files.readAllBytes(GenEvalLayout.samplePath(GenEvalLayout.promptDir(root, 0), 0));

    assertThatThrownBy(() -> ImageSetWriter.open(root, specs, 2, "render", Map.of("seed", 1L), true))
        .isInstanceOf(OutputFolderException.class)
        .hasMessageContaining("params");
    assertThatThrownBy(() -> ImageSetWriter.open(root, specs, 3, "render", params, true)).hasMessageContaining("images_per_prompt");
    assertThatThrownBy(() -> ImageSetWriter.open(root, PromptSets.miniGenEval().subList(3, 6), 2, "render", params, true)).isInstanceOf(OutputFolderException.class);

    ImageSetWriter resumed = ImageSetWriter.open(root, specs, 2, "render", params, true);
    assertThat(resumed.has(0, 0)).isTrue();
    assertThat(resumed.missing()).isEqualTo(5);
    assertThat(Files.readAllBytes(GenEvalLayout.samplePath(GenEvalLayout.promptDir(root, 0), 0))).isEqualTo(kept);
  }
}
