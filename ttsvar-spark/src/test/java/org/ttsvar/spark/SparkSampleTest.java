package org.ttsvar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkSampleTest {
  @TempDir Path tmp;

  @Test
  void sampleOnSparkFillsTheSameFolderWithTheSameBytes() throws Exception {
    String[] args = {"sample", "--limit", "3", "--images-per-prompt", "2", "--seed", "5"};
    Path single = tmp.resolve("single");
    Path spark = tmp.resolve("spark");
    Runs.single(Runs.with(args, "--out", single.toString())).succeeded();
    Runs.spark("local[2]", Runs.with(args, "--out", spark.toString())).succeeded();
    assertThat(Runs.files(spark)).isEqualTo(Runs.files(single)).contains("run.json", "00002/samples/0001.png");
    for (String f : Runs.files(single)) {
      assertThat(Files.readAllBytes(spark.resolve(f))).as(f).isEqualTo(Files.readAllBytes(single.resolve(f)));
    }
  }
}
