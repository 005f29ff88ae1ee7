package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRewardsCommandTest {
  @TempDir Path tmp;

  @Test
  void theOracleWinsEveryRenderPairAndTheReportIsWritten() throws Exception {
    Path out = tmp.resolve("docs");
    Cli r = Cli.run("bench", "rewards", "--reward-type", "oracle", "--pairs-per-task", "3", "--out", out.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.lastLine());
    assertThat(report.get("reward").asText()).isEqualTo("oracle");
    assertThat(report.get("pairs")).hasSize(6);
    report.get("pairs").forEach(p -> assertThat(p.get("accuracy").asDouble()).isEqualTo(1.0));
    assertThat(report.get("auc").isNull()).isTrue();
    // code-damaged reconstructions through the shipped tokenizer, by the scale the damage starts at
    assertThat(report.get("damagedPairs")).hasSize(6);
    report.get("damagedPairs").forEach(p -> p.get("byKind").fieldNames().forEachRemaining(k -> assertThat(k).matches("from scale [34]")));
    assertThat(Files.readString(out.resolve("reward-quality.md")))
        .contains("ttsvar bench rewards --reward-type oracle --pairs-per-task 3", "one object damaged in code space");
    assertThat(out.resolve("reward-quality.json")).exists();
  }

  @Test
  void aFolderThatIsNotAnImageSetIsBadInput() {
    Cli r = Cli.run("bench", "rewards", "--reward-type", "oracle", "--dir", tmp.resolve("missing").toString(), "--out", tmp.resolve("o").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(tmp.resolve("o")).doesNotExist();
  }
}
