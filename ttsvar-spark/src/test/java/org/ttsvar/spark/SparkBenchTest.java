package org.ttsvar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.bench.Manifest;
import org.ttsvar.world.io.GenEvalLayout;

class SparkBenchTest {
  /** The quick suite (one prompt per task, raw / Best-of-2 / TTS-VAR N = 2) on one seed instead of its two, to keep the test short. */
  private static final String[] QUICK = {"bench", "--suite", "quick", "--seeds", "0"};

  @TempDir Path tmp;

  @AfterEach
  void noInjectedFailures() {
    System.clearProperty(FailureInjection.PROPERTY);
  }

  @Test
  void theQuickSuiteOnSparkRecordsWhatOneProcessRecords() throws Exception {
    Path single = tmp.resolve("single");
    Path spark = tmp.resolve("spark");
    Runs.single(Runs.with(QUICK, "--out", single.toString())).succeeded();
    Runs run = Runs.spark("local[2]", Runs.with(QUICK, "--out", spark.toString())).succeeded();

    Manifest m = Manifest.read(spark);
    assertThat(m).isEqualTo(Manifest.read(single));
    assertThat(m.configs()).hasSize(3);
    assertThat(m.promptIndices()).hasSize(6);
    for (var c : m.configs()) {
      Path a = single.resolve(c.name());
      Path b = spark.resolve(c.name());
      assertThat(Runs.records(b)).as(c.name()).isEqualTo(Runs.records(a)).hasSize(6);
      for (int p = 0; p < 6; p++) {
        Path image = GenEvalLayout.samplePath(GenEvalLayout.promptDir(b, p), 0);
        assertThat(Files.readAllBytes(image)).as(image.toString()).isEqualTo(Files.readAllBytes(GenEvalLayout.samplePath(GenEvalLayout.promptDir(a, p), 0)));
      }
    }
    assertThat(Runs.files(spark)).isEqualTo(Runs.files(single)); // the same folder, beside parts/
    assertThat(run.out()).contains("| ttsvar-n2 |");
    assertThat(run.err()).contains("bench quick: 6 prompts × 3 configurations");
    assertThat(ExecutorModels.loads()).as("one set of models per task slot of the executor, not one per task").isBetween(1, 2);
  }

  @Test
  void tasksThatFailOnceStillLeaveEveryPromptExactlyOnceAndAResumeRunsNothing() throws Exception {
    Path out = tmp.resolve("failing");
    String[] args = {"bench", "--suite", "quick", "--configs", "raw-n1,bon-n2", "--seeds", "0", "--out", out.toString(), "--json"};
    // prompt 1 fails after its first configuration, before anything is published; prompt 3 after it published its part
    System.setProperty(FailureInjection.PROPERTY, "1:mid-prompt,3:published");
    Runs run = Runs.spark("local[2,2]", args).succeeded();
    assertThat(run.err()).contains("prompt 1: task attempt 0 failed").contains("prompt 3: task attempt 0 failed").contains("failure injected");

    for (String config : List.of("raw-n1", "bon-n2")) {
      List<String> lines = Runs.recordLines(out.resolve(config));
      assertThat(lines).as(config).hasSize(6);
      assertThat(Runs.records(out.resolve(config)).keySet()).containsExactlyElementsOf(IntStream.range(0, 6).boxed().toList());
    }
    Path parts = out.resolve(PartFolders.PARTS);
    assertThat(marked(parts.resolve("00001"))).as("the failed attempt published nothing").hasSize(1);
    assertThat(marked(parts.resolve("00003"))).as("the retry published a second copy; one is merged").hasSize(2);
    String results = Files.readString(out.resolve("results.json"));

    Runs again = Runs.spark("local[2]", Runs.with(args, "--resume")).succeeded();
    assertThat(again.err()).contains("6 of 6 prompts already done");
    assertThat(Files.readString(out.resolve("results.json"))).isEqualTo(results);

    Runs notEmpty = Runs.spark("local[2]", args);
    assertThat(notEmpty.code()).isEqualTo(2);
    assertThat(notEmpty.err()).contains("already holds this job; pass --resume");
    String[] otherSeeds = args.clone();
    otherSeeds[6] = "1";
    Runs other = Runs.spark("local[2]", Runs.with(otherSeeds, "--resume"));
    assertThat(other.code()).isEqualTo(2);
    assertThat(other.err()).contains("cannot resume").contains("seeds: [0] vs [1]");
  }

  @Test
  void aJobThatFailsKeepsWhatItFinishedAndItsResumeCompletesIt() throws Exception {
    Path out = tmp.resolve("failed");
    String[] args = {"bench", "--suite", "quick", "--configs", "raw-n1", "--seeds", "0", "--out", out.toString()};
    System.setProperty(FailureInjection.PROPERTY, "4:mid-prompt");
    Runs failed = Runs.spark("local[2,1]", args); // no retries: the job fails
    assertThat(failed.code()).as(failed.err()).isEqualTo(1);
    assertThat(failed.err()).contains("the Spark job failed").contains("rerun the same command with --resume");
    assertThat(out.resolve("raw-n1")).doesNotExist(); // nothing merged

    Runs resumed = Runs.spark("local[2]", Runs.with(args, "--resume")).succeeded();
    assertThat(resumed.err()).containsPattern("bench quick: [0-9] of 6 prompts already done");
    assertThat(Runs.recordLines(out.resolve("raw-n1"))).hasSize(6);
  }

  @Test
  void withoutAMasterTheJobSaysHowToStartIt() {
    Runs r = Runs.spark(null, "bench", "--suite", "quick", "--seeds", "0", "--configs", "raw-n1", "--out", tmp.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("spark-submit").contains("-Dspark.master=local[2]");
  }

  private static List<Path> marked(Path promptParts) throws Exception {
    try (var s = Files.list(promptParts)) {
      return s.filter(a -> Files.exists(a.resolve(PartFolders.DONE))).toList();
    }
  }
}
