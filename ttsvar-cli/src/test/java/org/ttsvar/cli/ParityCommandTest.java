package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code ttsvar parity infinity} on the committed goldens and tiny random weights in the official formats. */
class ParityCommandTest {
  static final Path RESOURCES = Path.of("../ttsvar-models/src/test/resources/infinity");

  /** A weights folder holding the tiny files under the official names. */
  static Path officialDir(Path dir) throws IOException {
    Files.copy(RESOURCES.resolve("tiny_infinity.pth"), dir.resolve("infinity_2b_reg.pth"));
    Files.copy(RESOURCES.resolve("tiny_vae.pth"), dir.resolve("infinity_vae_d32reg.pth"));
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void passesOnTheCommittedGoldens(String golden, @TempDir Path dir) throws IOException {
    Cli r = Cli.run("parity", "infinity", "--weights", officialDir(dir).toString(), "--golden", RESOURCES.resolve(golden).toString(), "--json");
    System.out.print(r.out());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("scale  6: logits max |Δ|").contains("PASS");
    JsonNode j = new ObjectMapper().readTree(r.lastLine());
    assertThat(j.get("scales").asInt()).isEqualTo(7);
    assertThat(j.get("max_abs_logits").asDouble()).isLessThanOrEqualTo(1e-4);
    assertThat(j.get("max_abs_image").asDouble()).isLessThanOrEqualTo(1e-3);
  }

  @Test
  void filesMayBeNamedOneByOne() {
    Cli r = Cli.run("parity", "infinity", "--model-file", RESOURCES.resolve("tiny_infinity.pth").toString(), "--vae-file", RESOURCES.resolve("tiny_vae.pth").toString(),
        "--golden", RESOURCES.resolve("golden_r1_006M.safetensors").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
  }

  @Test
  void missingFilesAndWrongGoldensAreBadInputNamingTheFile(@TempDir Path dir) throws IOException {
    Cli noWeights = Cli.run("parity", "infinity", "--weights", dir.toString(), "--golden", RESOURCES.resolve("golden_r1_006M.safetensors").toString());
    assertThat(noWeights.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(noWeights.err()).contains("infinity_2b_reg.pth");

    officialDir(dir);
    Path notAGolden = dir.resolve("x.safetensors");
    Files.writeString(notAGolden, "not safetensors");
    Cli bad = Cli.run("parity", "infinity", "--weights", dir.toString(), "--golden", notAGolden.toString());
    assertThat(bad.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bad.err()).contains("x.safetensors").contains("make_goldens.py");

    Cli swapped = Cli.run("parity", "infinity", "--model-file", RESOURCES.resolve("tiny_vae.pth").toString(), "--vae-file", RESOURCES.resolve("tiny_vae.pth").toString(),
        "--golden", RESOURCES.resolve("golden_r1_006M.safetensors").toString());
    assertThat(swapped.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(swapped.err()).contains("tiny_vae.pth").contains("missing tensor");

    Cli neither = Cli.run("parity", "infinity", "--golden", RESOURCES.resolve("golden_r1_006M.safetensors").toString());
    assertThat(neither.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(neither.err()).contains("--weights");
  }

  @Test
  void t5PassesOnTheCommittedGoldenAndFailsOnAnotherModelsWeights(@TempDir Path dir) throws IOException {
    Path t5 = RESOURCES.resolveSibling("t5");
    Path golden = t5.resolve("encoder_golden.safetensors");
    Cli r = Cli.run("parity", "t5", "--text-encoder", t5.resolve("tiny-flan-t5").toString(), "--golden", golden.toString(), "--json");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.OK);
    assertThat(r.out()).contains("prompt 15: ids match").contains("PASS");
    JsonNode j = new ObjectMapper().readTree(r.lastLine());
    assertThat(j.get("prompts").asInt()).isEqualTo(16);
    assertThat(j.get("tokens_match").asBoolean()).isTrue();
    assertThat(j.get("max_abs").asDouble()).isLessThanOrEqualTo(1e-4);

    // the same layout with one weight changed: the check must notice
    Path altered = Files.createDirectories(dir.resolve("altered"));
    try (var files = Files.list(t5.resolve("tiny-flan-t5"))) {
      for (Path f : files.toList()) {
        Files.copy(f, altered.resolve(f.getFileName()));
      }
    }
    String name = "encoder.final_layer_norm.weight";
    String shard = new ObjectMapper().readTree(altered.resolve("model.safetensors.index.json").toFile()).get("weight_map").get(name).asText();
    java.util.Map<String, org.ttsvar.tensor.TensorData> tensors = new java.util.LinkedHashMap<>(org.ttsvar.tensor.SafeTensors.readAll(altered.resolve(shard)));
    float[] w = tensors.get(name).values().clone();
    w[0] += 0.01f;
    tensors.put(name, new org.ttsvar.tensor.TensorData(tensors.get(name).shape(), w));
    org.ttsvar.tensor.SafeTensors.write(altered.resolve(shard), tensors, java.util.Map.of());
    Cli off = Cli.run("parity", "t5", "--text-encoder", altered.toString(), "--golden", golden.toString());
    assertThat(off.code()).as(off.err()).isEqualTo(Main.FAILURE);
    assertThat(off.out()).contains("FAIL");

    Cli notGolden = Cli.run("parity", "t5", "--text-encoder", t5.resolve("tiny-flan-t5").toString(), "--golden", RESOURCES.resolve("golden_r1_006M.safetensors").toString());
    assertThat(notGolden.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(notGolden.err()).contains("prompts").contains("make_encoder_goldens.py");
  }
}
