package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --narrow-above} on the embedded models (their value head): where it narrowed is in the trace and the page, and the image replays. */
class AdaptiveBudgetCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void aThresholdEveryPathReachesNarrowsAtTheFirstDecisionAndReplays() throws IOException {
    Path out = tmp.resolve("narrow");
    Cli r = Cli.run("generate", "a photo of two stars", "--n", "2", "--seed", "3", "--narrow-above", "-100", "--json", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode trace = JSON.readTree(out.resolve("trace.json").toFile());
    assertThat(trace.get("narrow_above").asDouble()).isEqualTo(-100);
    List<String> decisions = new ArrayList<>();
    List<Integer> batches = new ArrayList<>();
    trace.get("steps").forEach(s -> {
      decisions.add(s.get("decision").asText());
      batches.add(s.get("executed_batch").asInt());
    });
    int first = decisions.indexOf("narrow");
    assertThat(first).as(decisions.toString()).isEqualTo(trace.get("schedule").get("cluster_scales").get(0).asInt());
    assertThat(decisions.subList(first + 1, decisions.size() - 1)).containsOnly("none");
    assertThat(batches.subList(first + 1, batches.size())).containsOnly(2);
    assertThat(trace.get("steps").get(first).get("chosen")).hasSize(2);
    assertThat(Files.readString(out.resolve("search.html"))).contains("narrowing to N once N paths' values reach -100.0");
    Cli replay = Cli.run("generate", "--replay", out.resolve("trace.json").toString());
    assertThat(replay.code()).as(replay.err()).isZero();
    assertThat(replay.err()).contains("identical");
    // unset, the embedded model's search.json decides (0.0)
    Path byDefault = tmp.resolve("default");
    Cli d = Cli.run("generate", "a photo of two stars", "--n", "2", "--seed", "3", "--out", byDefault.toString());
    assertThat(d.code()).as(d.err()).isZero();
    assertThat(JSON.readTree(byDefault.resolve("trace.json").toFile()).get("narrow_above").asDouble()).isEqualTo(0.0);
  }

  @Test
  void withoutAValueHeadTheSettingIsRefusedByItsFlag() {
    Cli r = Cli.run("generate", "a photo of two stars", "--n", "2", "--scorer", "reward", "--narrow-above", "1", "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--narrow-above").contains("value head");
    assertThat(tmp.resolve("x")).doesNotExist();
    Cli bon = Cli.run("generate", "a photo of two stars", "--strategy", "bon", "--narrow-above", "1", "--out", tmp.resolve("y").toString());
    assertThat(bon.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bon.err()).contains("--narrow-above").contains("nothing to narrow");
    Cli soon = Cli.run("generate", "a photo of two stars", "--narrow-above", "soon", "--out", tmp.resolve("z").toString());
    assertThat(soon.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(soon.err()).contains("--narrow-above").contains("a number or none");
    // none switches the adaptive budget off even with the reward as the scorer
    Cli none = Cli.run("generate", "a photo of two stars", "--n", "1", "--scorer", "reward", "--narrow-above", "none", "--json", "--out", tmp.resolve("n").toString());
    assertThat(none.code()).as(none.err()).isZero();
  }
}
