package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training commands' options and refusals (exit status 2, a message naming the problem); training itself is tested in ttsvar-models. */
class TrainCommandTest {
  @TempDir Path tmp;

  @Test
  void initAndResumeTogetherAreRefused() throws IOException {
    Cli r = Cli.run("train", "tokenizer", "--tiny", "--out", tmp.resolve("run").toString(), "--resume", "--init", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--init starts a new run and --resume continues one");
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }

  @Test
  void initFromAFolderWithoutExportedWeightsIsRefused() {
    Cli r = Cli.run("train", "tokenizer", "--tiny", "--out", tmp.resolve("run").toString(), "--init", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--init needs a folder written by --export");
  }

  @Test
  void exportOfSomethingThatIsNotARunIsRefused() {
    Cli r = Cli.run("train", "export", "--run", tmp.resolve("nothing").toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("is not a training run").contains("--out folder of 'ttsvar train'");
  }

  @Test
  void selfCorrectionOutsideAProbabilityRangeIsRefusedBeforeAnyWork() {
    Cli r = Cli.run("train", "var", "--out", tmp.resolve("run").toString(), "--self-correction", "0.7");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--self-correction must be a flip probability in [0, 0.5]");
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }

  @Test
  void aShareOfHardNegativesOutsideZeroToOneIsRefusedBeforeAnyWork() {
    Cli r = Cli.run("train", "reward", "--out", tmp.resolve("run").toString(), "--hard-negatives", "1.5", "--no-generator");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--hard-negatives must be a share in [0, 1]");
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }

  @Test
  void aModelSizeWhoseWidthTheHeadsDoNotDivideIsRefusedBeforeAnyWork() {
    Cli r = Cli.run("train", "var", "--out", tmp.resolve("run").toString(), "--width", "100", "--heads", "3", "--steps", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("invalid model size").contains("width 100 must be divisible by heads 3");
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }

  @Test
  void aWarmStartKeepsTheShapeOfItsWeights() {
    Cli r = Cli.run("train", "var", "--out", tmp.resolve("run").toString(), "--init", "../weights/var", "--width", "256", "--steps", "20000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("holds a model of width 192, depth 6, heads 3").contains("a warm start keeps that shape");
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }

  @Test
  void aNewRunTakesTheModelSizeFromTheCommandLine() throws IOException {
    Path run = tmp.resolve("run");
    Cli r = Cli.run("train", "var", "--out", run.toString(), "--width", "32", "--depth", "1", "--heads", "2", "--steps", "1", "--batch", "2");
    assertThat(r.code()).as(r.err()).isZero();
    var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile()).get("config");
    assertThat(config.get("width").asInt()).isEqualTo(32);
    assertThat(config.get("depth").asInt()).isEqualTo(1);
    assertThat(config.get("heads").asInt()).isEqualTo(2);
  }
}
