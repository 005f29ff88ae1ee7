package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttsvar parity dinov2|imagereward} on the committed goldens and tiny random weights in the official layouts. */
class JudgeParityCommandTest {
  static final Path DINOV2 = Path.of("../ttsvar-models/src/test/resources/dinov2");
  static final Path IMAGEREWARD = Path.of("../ttsvar-models/src/test/resources/imagereward");

  @Test
  void dinov2PassesOnTheCommittedGolden() throws IOException {
    Cli r = Cli.run("parity", "dinov2", "--weights", DINOV2.resolve("tiny_dinov2_reg4.pth").toString(), "--golden", DINOV2.resolve("golden.safetensors").toString(), "--json");
    System.out.print(r.out());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("patch tokens: max |Δ|").contains("PASS");
    JsonNode j = new ObjectMapper().readTree(r.lastLine());
    assertThat(j.get("max_abs").asDouble()).isLessThanOrEqualTo(1e-4);
  }

  @Test
  void imageRewardPassesOnTheCommittedGoldenWithItsTokenizer() throws IOException {
    Cli r = Cli.run("parity", "imagereward", "--weights", IMAGEREWARD.resolve("tiny_imagereward.pt").toString(), "--golden", IMAGEREWARD.resolve("golden.safetensors").toString(),
        "--tokenizer", IMAGEREWARD.resolve("tiny_tokenizer.json").toString(), "--json");
    System.out.print(r.out());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("reward: |Δ|").contains("prompt ids match").contains("PASS");
    JsonNode j = new ObjectMapper().readTree(r.lastLine());
    assertThat(j.get("max_abs").asDouble()).isLessThanOrEqualTo(1e-4);
    assertThat(j.get("tokens_match").asBoolean()).isTrue();
  }

  @Test
  void badInputIsExitTwoNamingTheFile(@TempDir Path dir) throws IOException {
    Path notAGolden = dir.resolve("x.safetensors");
    Files.writeString(notAGolden, "not safetensors");
    Cli dino = Cli.run("parity", "dinov2", "--weights", DINOV2.resolve("tiny_dinov2_reg4.pth").toString(), "--golden", notAGolden.toString());
    assertThat(dino.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(dino.err()).contains("x.safetensors").contains("make_goldens.py");

    Cli crossed = Cli.run("parity", "dinov2", "--weights", DINOV2.resolve("tiny_dinov2_reg4.pth").toString(), "--golden", IMAGEREWARD.resolve("golden.safetensors").toString());
    assertThat(crossed.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(crossed.err()).contains("golden.safetensors").contains("patch_tokens");

    Cli ir = Cli.run("parity", "imagereward", "--weights", IMAGEREWARD.resolve("tiny_imagereward.pt").toString(), "--golden", DINOV2.resolve("golden.safetensors").toString());
    assertThat(ir.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(ir.err()).contains("golden.safetensors").contains("input_ids");

    Cli swapped = Cli.run("parity", "imagereward", "--weights", DINOV2.resolve("tiny_dinov2_reg4.pth").toString(), "--golden", IMAGEREWARD.resolve("golden.safetensors").toString());
    assertThat(swapped.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(swapped.err()).contains("tiny_dinov2_reg4.pth");

    Cli noTokenizer = Cli.run("parity", "imagereward", "--weights", IMAGEREWARD.resolve("tiny_imagereward.pt").toString(), "--golden", IMAGEREWARD.resolve("golden.safetensors").toString(),
        "--tokenizer", dir.resolve("tokenizer.json").toString());
    assertThat(noTokenizer.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(noTokenizer.err()).contains("tokenizer.json");
  }
}
