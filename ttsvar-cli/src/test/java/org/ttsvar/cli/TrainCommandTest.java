package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  void aMissingModelFolderIsNamedWithTheCommandThatTrainsOne() {
    Path missing = tmp.resolve("tokenizer");
    Cli r = Cli.run("train", "var", "--out", tmp.resolve("run").toString(), "--tokenizer", missing.toString(), "--steps", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no model folder at " + missing, "train one with 'ttsvar train tokenizer --export " + missing + "'");
  }

  @Test
  void initFromAFolderWithoutExportedWeightsIsRefused() {
    Cli r = Cli.run("train", "tokenizer", "--tiny", "--out", tmp.resolve("run").toString(), "--init", tmp.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--init needs a folder written by --export");
  }

  @Test
  void initFromWeightsThatDoNotRecordTheirStepIsRefused() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("no-steps"));
    org.ttsvar.tensor.SafeTensors.write(folder.resolve("model.safetensors"), java.util.Map.of("w", new org.ttsvar.tensor.TensorData(new long[] {1}, new float[] {0})),
        java.util.Map.of());
    Cli r = Cli.run("train", "tokenizer", "--tiny", "--out", tmp.resolve("run").toString(), "--init", folder.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("does not record the training step ('steps'); re-export it with --export");
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
    assertRefusedBeforeAnyWork(List.of("--width", "100", "--heads", "3", "--steps", "1"), "invalid model size", "width 100 must be divisible by heads 3");
  }

  @Test
  void aLearningRateOrWarmUpOutsideItsRangeIsRefusedBeforeAnyWork() {
    assertRefusedBeforeAnyWork(List.of("--lr", "0.05", "--steps", "1"), "--lr must be above the final rate", "at most 0.01");
    assertRefusedBeforeAnyWork(List.of("--lr", "1e-5", "--steps", "1"), "--lr must be above the final rate");
    assertRefusedBeforeAnyWork(List.of("--warmup", "-1", "--steps", "1"), "--warmup must be 0 or more steps");
  }

  @Test
  void aShapeFocusWithAnUnknownShapeOrABadShareIsRefusedBeforeAnyWork() {
    assertRefusedBeforeAnyWork(List.of("--focus-shapes", "star,hexagon=0.5", "--steps", "1"), "unknown shape 'hexagon'", "known: circle, square");
    assertRefusedBeforeAnyWork(List.of("--focus-shapes", "star,cross", "--steps", "1"), "--focus-shapes: 'star,cross' has no share", "e.g. star,cross,arrow=0.5");
    assertRefusedBeforeAnyWork(List.of("--focus-shapes", "star=0", "--steps", "1"), "share must be in (0, 1]");
    assertRefusedBeforeAnyWork(List.of("--focus-shapes", "star=half", "--steps", "1"), "'half' is not a number");
  }

  @Test
  void aWarmStartKeepsTheShapeOfItsWeights() {
    assertRefusedBeforeAnyWork(
        List.of("--init", "../weights/var", "--width", "256", "--steps", "20000"), "holds a model of width 192, depth 6, heads 3", "keeps its width and heads and may only add blocks");
    assertRefusedBeforeAnyWork(List.of("--init", "../weights/var", "--depth", "4", "--steps", "20000"), "pass --depth ≥ 6");
  }

  @Test
  void aNewRunTakesTheModelSizeFromTheCommandLineAndAWarmStartFromItsWeights() throws IOException {
    Path run = tmp.resolve("run");
    Cli r =
        Cli.run("train", "var", "--out", run.toString(), "--width", "32", "--depth", "1", "--heads", "2", "--steps", "1", "--batch", "2", "--lr", "1.2e-3", "--warmup", "7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(configOf(run)).containsExactly(32, 1, 2);
    var settings = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile()).get("settings");
    assertThat(settings.get("lr").asDouble()).isEqualTo(1.2e-3);
    assertThat(settings.get("warmup_steps").asLong()).isEqualTo(7);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile()).has("shape_focus")).isFalse();
    assertThat(r.err()).contains("trained in ").contains("run folder " + run); // the trainer's lines are the command's

    // the library's refusals, in the command line's words (FlagWording)
    Cli again = Cli.run("train", "var", "--out", run.toString(), "--width", "32", "--depth", "1", "--heads", "2", "--steps", "1", "--batch", "2");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("already holds a training run; pass --resume to continue it, or choose another --out");

    // a snapshot of that run continues on another machine at its own size, without the size options
    Path snapshot = tmp.resolve("snapshot");
    assertThat(Cli.run("train", "export", "--run", run.toString(), "--out", snapshot.toString()).code()).isZero();
    Path next = tmp.resolve("next");
    Cli r2 = Cli.run("train", "var", "--out", next.toString(), "--init", snapshot.toString(), "--steps", "2", "--batch", "2");
    assertThat(r2.code()).as(r2.err()).isZero();
    assertThat(configOf(next)).containsExactly(32, 1, 2);
    assertThat(r2.err()).contains("var: warm start from " + snapshot.resolve("model.safetensors") + " at step 1"); // the library's note reaches the command's stream
    Cli notAbove = Cli.run("train", "var", "--out", tmp.resolve("not-above").toString(), "--init", snapshot.toString(), "--steps", "1", "--batch", "2");
    assertThat(notAbove.code()).isEqualTo(2);
    assertThat(notAbove.err()).contains("are already at step 1; pass --steps above it to train further");

    // --depth grows the snapshot by a block on top (which blocks load is ParamsLoadTest's subject)
    Path grown = tmp.resolve("grown");
    Cli r3 = Cli.run("train", "var", "--out", grown.toString(), "--init", snapshot.toString(), "--depth", "2", "--steps", "2", "--batch", "2");
    assertThat(r3.code()).as(r3.err()).isZero();
    assertThat(configOf(grown)).containsExactly(32, 2, 2);
    var warm = new com.fasterxml.jackson.databind.ObjectMapper().readTree(grown.resolve("run.json").toFile()).get("warm_start");
    assertThat(warm.get("step").asLong()).isEqualTo(1);
  }

  @Test
  void aShapeFocusIsRecordedInTheRunAndAResumeMustKeepIt() throws IOException {
    Path run = tmp.resolve("focused");
    List<String> base = List.of("train", "var", "--out", run.toString(), "--width", "32", "--depth", "1", "--heads", "2", "--batch", "2");
    List<String> first = new java.util.ArrayList<>(base);
    first.addAll(List.of("--steps", "1", "--focus-shapes", "star,arrow=0.5"));
    Cli r = Cli.run(first.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    var focus = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile()).get("shape_focus");
    assertThat(focus.get("shapes").toString()).isEqualTo("[\"star\",\"arrow\"]"); // ShapeClass order
    assertThat(focus.get("share").asDouble()).isEqualTo(0.5);

    List<String> other = new java.util.ArrayList<>(base);
    other.addAll(List.of("--steps", "2", "--resume", "--focus-shapes", "star=0.5"));
    Cli r2 = Cli.run(other.toArray(String[]::new));
    assertThat(r2.code()).isEqualTo(2);
    assertThat(r2.err()).contains("cannot resume").contains("use the same configuration or another --out");
  }

  /** Width, depth and heads in a run's run.json. */
  private static List<Integer> configOf(Path run) throws IOException {
    var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("run.json").toFile()).get("config");
    return List.of(config.get("width").asInt(), config.get("depth").asInt(), config.get("heads").asInt());
  }

  @Test
  void rewardDataAndShapeOptionsAreCheckedBeforeAnyWork() {
    assertRefusedBeforeAnyWork("reward", List.of("--kind", "dual", "--locate-words", "--steps", "1"), "located words need a cross reward");
    assertRefusedBeforeAnyWork("reward", List.of("--focus", "positions=0.5", "--steps", "1"), "unknown task 'positions'");
    assertRefusedBeforeAnyWork("reward", List.of("--malformed", "1.2", "--steps", "1"), "malformed negatives must be in [0, 1)");
    assertRefusedBeforeAnyWork("reward", List.of("--code-damage", "-0.1", "--steps", "1"), "code-damaged negatives must be in [0, 1]");
  }

  private void assertRefusedBeforeAnyWork(List<String> options, String... message) {
    assertRefusedBeforeAnyWork("var", options, message);
  }

  private void assertRefusedBeforeAnyWork(String model, List<String> options, String... message) {
    List<String> args = new java.util.ArrayList<>(List.of("train", model, "--out", tmp.resolve("run").toString()));
    args.addAll(options);
    Cli r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(Files.exists(tmp.resolve("run"))).isFalse();
  }
}
