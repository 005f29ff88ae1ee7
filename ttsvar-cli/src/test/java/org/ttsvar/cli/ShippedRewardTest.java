package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped reward end to end: on held-out renders it prefers the image's own prompt to a
 * minimally wrong one far more often than chance, it is calibrated, and the default search
 * (`generate`, strategy ttsvar) runs with it. The full measurement is in
 * weights/reward-ir/MODEL_CARD.md and docs/reward-quality.md; this guards against shipping broken,
 * uncalibrated or mismatched weights (an untrained reward wins about half the pairs).
 */
class ShippedRewardTest {
  @TempDir Path tmp;

  @Test
  void prefersTheRightPromptIsCalibratedAndDrivesTheDefaultSearch() throws Exception {
    Cli q = Cli.run("bench", "rewards", "--pairs-per-task", "20", "--out", tmp.resolve("quality").toString(), "--json");
    assertThat(q.code()).as(q.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(q.lastLine());
    double sum = 0;
    for (JsonNode p : report.get("pairs")) {
      sum += p.get("accuracy").asDouble();
    }
    assertThat(sum / 6).as(q.out()).isGreaterThanOrEqualTo(0.65); // 0.917 measured (2026-12-02); about 0.5 for an untrained reward
    assertThat(report.get("pairs").get(3).get("byKind").get("colour").asDouble()).isGreaterThanOrEqualTo(0.9); // colours are the easy part

    Path dir = org.ttsvar.models.ModelFiles.defaultModelDir("reward-ir");
    JsonNode cal = new ObjectMapper().readTree(Files.readString(dir.resolve("calibration.json")));
    assertThat(cal.get("std").asDouble()).isPositive();

    Cli g = Cli.run("generate", "a photo of a red circle", "--n", "2", "--out", tmp.resolve("g").toString(), "--json");
    assertThat(g.code()).as(g.err()).isZero();
    JsonNode run = new ObjectMapper().readTree(g.lastLine());
    assertThat(run.get("strategy").asText()).isEqualTo("ttsvar");
    assertThat(run.get("best_reward").isNumber()).isTrue();
    assertThat(tmp.resolve("g/image.png")).exists();
  }
}
