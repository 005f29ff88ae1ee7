package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir Path tmp;

  @Test
  void configsAndSeedsNarrowTheSuite() throws Exception {
    Path out = tmp.resolve("b");
    Cli r = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--configs", "bon-n3,raw-n1,bon-n2", "--seeds", "7", "--out", out.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode configs = new ObjectMapper().readTree(r.lastLine()).get("configs");
    // the suite's own in its order, then any other search by its name
    assertThat(configs.fieldNames()).toIterable().containsExactly("raw-n1", "bon-n2", "bon-n3");
    assertThat(configs.get("bon-n3").get("decodes_per_image").asDouble()).isEqualTo(3.0);
    assertThat(configs.get("bon-n2").get("images").asInt()).isEqualTo(1); // one prompt, one seed
    // every cost figure of results.json is in the JSON line, so scripts need not open files
    JsonNode bon = configs.get("bon-n2");
    assertThat(bon.get("decodes_per_image").asDouble()).isEqualTo(2.0);
    assertThat(bon.get("reward_calls_per_image").asDouble()).isEqualTo(2.0);
    assertThat(bon.get("state_bytes").asDouble()).isPositive();
    assertThat(bon.get("peak_rss_mb").asDouble()).isPositive();
    assertThat(bon.get("wall_s_per_prompt").asDouble()).isPositive();
    assertThat(new ObjectMapper().readTree(r.lastLine()).get("cost_matched").isArray()).isTrue(); // one Best-of-N: no curve to match on
    assertThat(new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("seeds").toString()).isEqualTo("[7]");

    // two configuration folders compared as runs made apart would be: the difference of their overall accuracies
    Cli c = Cli.run("bench", "compare", out.resolve("raw-n1").toString(), out.resolve("bon-n3").toString(), "--json");
    assertThat(c.code()).as(c.err()).isZero();
    JsonNode d = new ObjectMapper().readTree(c.lastLine());
    assertThat(d.get("base").asDouble()).isEqualTo(configs.get("raw-n1").get("overall").asDouble());
    assertThat(d.get("other").asDouble()).isEqualTo(configs.get("bon-n3").get("overall").asDouble());
    assertThat(d.get("difference").asDouble()).isCloseTo(d.get("other").asDouble() - d.get("base").asDouble(), org.assertj.core.data.Offset.offset(1e-12));
    assertThat(d.get("low").asDouble()).isLessThanOrEqualTo(d.get("difference").asDouble());
    assertThat(d.get("prompts").asInt()).isEqualTo(1);
    Cli none = Cli.run("bench", "compare", out.toString(), out.resolve("bon-n3").toString());
    assertThat(none.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(none.err()).contains("no records.jsonl").contains("configuration folder");
  }

  @Test
  void workersSplitThePromptsIntoProcessesAndAResumeRebuildsTheSameMerge() throws Exception {
    Path out = tmp.resolve("w");
    String[] args = {"bench", "--suite", "quick", "--configs", "raw-n1,bon-n2", "--seeds", "0", "--workers", "2", "--out", out.toString(), "--json"};
    Cli r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode configs = new ObjectMapper().readTree(r.lastLine()).get("configs");
    assertThat(configs.get("raw-n1").get("images").asInt()).isEqualTo(6); // the first prompt of each task, one seed
    assertThat(out.resolve("parts/0/bench.json")).exists();
    assertThat(out.resolve("parts/1.log")).exists();
    assertThat(new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get("shard").asText()).isEqualTo("0/1");
    assertThat(java.nio.file.Files.list(out.resolve("bon-n2")).filter(java.nio.file.Files::isDirectory).count()).isEqualTo(6); // GenEval layout
    String results = java.nio.file.Files.readString(out.resolve("results.json"));

    String[] again = java.util.Arrays.copyOf(args, args.length + 2);
    again[args.length] = "--resume";
    again[args.length + 1] = "--consistency"; // measured once, after the workers, on all their prompts
    Cli resumed = Cli.run(again);
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(java.nio.file.Files.readString(out.resolve("results.json"))).isEqualTo(results);
    assertThat(new ObjectMapper().readTree(out.resolve("consistency.json").toFile()).get("batches").asInt()).isEqualTo(6);
    assertThat(java.nio.file.Files.readString(out.resolve("report.html"))).contains("Consistency per scale");

    Cli plain = Cli.run(java.util.Arrays.copyOf(again, args.length + 1)); // a later resume keeps the measurement and its plot
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(out.resolve("consistency.png")).exists();
    assertThat(java.nio.file.Files.readString(out.resolve("report.html"))).contains("Consistency per scale");

    Cli notEmpty = Cli.run(args);
    assertThat(notEmpty.code()).isEqualTo(2);
    assertThat(notEmpty.err()).contains("pass --resume");
    Cli both = Cli.run("bench", "--suite", "quick", "--workers", "2", "--shard", "0/2", "--out", tmp.resolve("x").toString());
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("either --workers or --shard");
  }

  @Test
  void anUnknownConfigurationOrBadSeedsAreBadInput() {
    Cli r = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--configs", "ttsvar-n3-fast", "--out", tmp.resolve("c").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown configuration(s) [ttsvar-n3-fast]").contains("not a search's name").contains("raw-n1, bon-n2, ttsvar-n2");
    Cli s = Cli.run("bench", "--suite", "quick", "--prompt", "a photo of a red circle", "--seeds", "1,1", "--out", tmp.resolve("d").toString());
    assertThat(s.code()).isEqualTo(2);
    assertThat(s.err()).contains("--seeds must list distinct non-negative seeds");
  }
}
