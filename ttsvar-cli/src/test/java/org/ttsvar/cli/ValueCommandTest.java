package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.embedded.value.ValueHead;

/** {@code ttsvar train value} on the shipped models: collect, train, evaluate, export; resume; bad input. */
class ValueCommandTest {
  @TempDir Path tmp;

  @Test
  void collectsTrainsEvaluatesAndExportsAValueHeadTheSearchCanLoad() throws Exception {
    Path out = tmp.resolve("run"), export = tmp.resolve("value");
    Cli r = Cli.run("train", "value", "--out", out.toString(), "--prompts", "10", "--paths", "4", "--steps", "2", "--export", export.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.exists(out.resolve("rollouts.bin"))).isTrue();
    JsonNode eval = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
    assertThat(eval.get("prompts").asInt()).isEqualTo(1); // the held-out tenth of 10
    assertThat(eval.get("paths").asInt()).isEqualTo(4);
    assertThat(eval.get("valueHead")).hasSize(6); // scales 1–6 of 7
    assertThat(eval.get("rewardOnDecode").get(5).get("topOneAgreement").asDouble()).isEqualTo(1.0); // the final map decoded is the final image
    try (NDManager m = NDManager.newBaseManager(); ValueHead head = ValueHead.load(export, m)) {
      assertThat(head.model().config().latent().channels()).isEqualTo(32);
    }

    // collecting again with the same arguments finds every prompt done and leaves the file as it was
    byte[] rollouts = Files.readAllBytes(out.resolve("rollouts.bin"));
    Cli again = Cli.run("train", "value", "--out", out.toString(), "--prompts", "10", "--paths", "4", "--collect-only");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(Files.readAllBytes(out.resolve("rollouts.bin"))).isEqualTo(rollouts);
  }

  @Test
  void tooFewPathsIsBadInput() {
    Cli r = Cli.run("train", "value", "--out", tmp.resolve("x").toString(), "--paths", "1");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--paths");
  }
}
