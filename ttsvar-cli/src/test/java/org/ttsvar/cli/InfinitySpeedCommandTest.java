package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttsvar speed --model infinity} on the tiny official-format files: every run timed per scale, the summary in JSON. */
class InfinitySpeedCommandTest {
  @Test
  void timesEachRunPerScaleAndReportsFirstMedianAndPeakMemory(@TempDir Path dir) throws IOException {
    ParityCommandTest.officialDir(dir);
    Cli r = Cli.run("speed", "--model", "infinity", "--weights", dir.toString(), "--text-features",
        ParityCommandTest.RESOURCES.resolve("golden_r1_006M.safetensors").toString(), "--runs", "2", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("run 1:").contains("run 2:").contains("median of the others");
    JsonNode j = new ObjectMapper().readTree(r.lastLine());
    assertThat(j.get("runs")).hasSize(2);
    assertThat(j.get("runs").get(0).get("scale_ms")).hasSize(7); // 0.06M: 7 scales
    assertThat(j.get("median_s").asDouble()).isEqualTo(j.get("runs").get(1).get("model_s").asDouble() + j.get("runs").get(1).get("decode_s").asDouble());
    assertThat(j.get("transformer_gflops").asDouble()).isPositive();
    assertThat(j.get("peak_rss_mb").asDouble()).isGreaterThan(50);
  }

  @Test
  void refusesTheEmbeddedFlagsAndABadRunCount(@TempDir Path dir) throws IOException {
    ParityCommandTest.officialDir(dir);
    Cli runs = Cli.run("speed", "--model", "infinity", "--weights", dir.toString(), "--text-features",
        ParityCommandTest.RESOURCES.resolve("golden_r1_006M.safetensors").toString(), "--runs", "0");
    assertThat(runs.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(runs.err()).contains("--runs");
    Cli var = Cli.run("speed", "--model", "infinity", "--weights", dir.toString(), "--var", "weights/var");
    assertThat(var.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(var.err()).contains("--var");
  }
}
