package org.ttsvar.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.tokenizer.TokenizerTrainer;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;

/** Checkpoints, exact resume, export of a checkpoint, and warm starts, on the tiny tokenizer (a few seconds). */
class TrainingLoopTest {
  private static final TrainSettings SIX_STEPS = new TrainSettings(6, 4, 1e-3, 1e-4, 2, 0.0, 1.0, 3, 1, 1);
  private static final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private static final PrintStream err = new PrintStream(log);

  /** One six-step run ("a"), shared by the tests: training is the slow part. */
  @TempDir static Path tmp;

  private static Map<String, TensorData> straight;

  @BeforeAll
  static void trainSixStepsInOneGo() throws IOException {
    straight = train(SIX_STEPS, RunRequest.of(tmp.resolve("a"), false));
    // A skipped (non-finite) step would make every comparison below vacuous or misleading.
    assertThat(Files.readAllLines(tmp.resolve("a").resolve(RunFolder.LOG))).hasSize(6).noneMatch(line -> line.contains("skipped"));
  }

  private static Map<String, TensorData> train(TrainSettings s, RunRequest request) throws IOException {
    try (Tokenizer tok = TokenizerTrainer.train(TokenizerConfig.TINY, s, request, err)) {
      return tok.params().toHost();
    }
  }

  @Test
  void resumingFromTheMiddleCheckpointGivesTheSameWeightsAsOneRun() throws IOException {
    train(SIX_STEPS.withSteps(3), RunRequest.of(tmp.resolve("b"), false));
    Map<String, TensorData> resumed = train(SIX_STEPS, RunRequest.of(tmp.resolve("b"), true));

    assertThat(resumed.keySet()).isEqualTo(straight.keySet());
    straight.forEach((name, t) -> assertThat(resumed.get(name).values()).as(name).containsExactly(t.values()));
    assertThat(log.toString()).contains("resuming " + tmp.resolve("b") + " from step 3");
    assertThat(Files.readAllLines(tmp.resolve("b").resolve(RunFolder.LOG))).hasSize(6);
  }

  @Test
  void anExistingRunIsNotOverwrittenWithoutResume() throws IOException {
    assertThatThrownBy(() -> train(SIX_STEPS, RunRequest.of(tmp.resolve("a"), false)))
        .isInstanceOf(org.ttsvar.world.BadInputException.class)
        .hasMessageContaining("already holds a training run")
        .hasMessageContaining("resume it").hasMessageNotContaining("--");
  }

  @Test
  void exportWritesALoadableModelFolderRecordingTheStep() throws IOException {
    Map<String, TensorData> trained = straight;
    assertThat(RunExport.export(tmp.resolve("a"), null, tmp.resolve("latest"))).isEqualTo(6);
    assertThat(RunExport.export(tmp.resolve("a"), 3L, tmp.resolve("mid"))).isEqualTo(3);
    try (SafeTensors st = SafeTensors.open(tmp.resolve("latest/model.safetensors"))) {
      assertThat(st.metadata()).containsEntry("steps", "6").containsEntry("model", "tokenizer").containsEntry("seed", "1");
    }
    try (NDManager m = NDManager.newBaseManager();
        Tokenizer loaded = Tokenizer.load(tmp.resolve("latest"), m)) {
      assertThat(loaded.config()).isEqualTo(TokenizerConfig.TINY);
      TensorData w = trained.values().iterator().next();
      String name = trained.keySet().iterator().next();
      float[] back = loaded.params().toHost().get(name).values();
      for (int i = 0; i < back.length; i++) {
        assertThat(back[i]).isCloseTo(w.values()[i], org.assertj.core.data.Offset.offset(1e-3f + 1e-3f * Math.abs(w.values()[i])));
      }
    }
    assertThatThrownBy(() -> RunExport.export(tmp.resolve("a"), 1L, tmp.resolve("x"))).hasMessageContaining("no complete checkpoint at step 1");
    assertThatThrownBy(() -> RunExport.export(tmp.resolve("nothing"), null, tmp.resolve("x"))).hasMessageContaining("is not a training run");
  }

  @Test
  void aWarmStartContinuesTheStepCounterFromTheSnapshot() throws IOException {
    RunExport.export(tmp.resolve("a"), 3L, tmp.resolve("snapshot"));
    WarmStart warm = WarmStart.fromModelFolder(tmp.resolve("snapshot"));
    assertThat(warm.weights()).isEqualTo(tmp.resolve("snapshot/model.safetensors"));
    assertThat(warm.step()).isEqualTo(3);

    train(SIX_STEPS, new RunRequest(tmp.resolve("c"), false, warm));

    JsonNode run = new ObjectMapper().readTree(tmp.resolve("c").resolve(RunFolder.RUN).toFile());
    assertThat(run.get("warm_start").get("step").asLong()).isEqualTo(3);
    assertThat(Files.readAllLines(tmp.resolve("c").resolve(RunFolder.LOG))).hasSize(3).first().asString().startsWith("{\"step\":4,");
    assertThat(new RunFolder(tmp.resolve("c")).latestCheckpoint()).hasValueSatisfying(p -> assertThat(RunFolder.stepOf(p)).isEqualTo(6));
    assertThat(log.toString()).contains("warm start from");
    // Resuming the warm-started run (without repeating --init) keeps its record.
    train(SIX_STEPS.withSteps(7), RunRequest.of(tmp.resolve("c"), true));
    assertThat(new ObjectMapper().readTree(tmp.resolve("c").resolve(RunFolder.RUN).toFile()).get("warm_start").get("step").asLong()).isEqualTo(3);

    assertThatThrownBy(() -> train(SIX_STEPS.withSteps(3), new RunRequest(tmp.resolve("d"), false, warm)))
        .hasMessageContaining("already at step 3")
        .hasMessageContaining("set steps above it").hasMessageNotContaining("--");
  }

  @Test
  void theLearningRateReWarmsLinearlyAfterAWarmStart() {
    WarmStart warm = new WarmStart(Path.of("w"), 1000);
    assertThat(warm.lrFactor(999)).isEqualTo(1.0);
    assertThat(warm.lrFactor(1000)).isEqualTo(1.0 / WarmStart.REWARM_STEPS);
    assertThat(warm.lrFactor(1000 + WarmStart.REWARM_STEPS / 2 - 1)).isEqualTo(0.5);
    assertThat(warm.lrFactor(1000 + WarmStart.REWARM_STEPS - 1)).isEqualTo(1.0);
    assertThat(warm.lrFactor(5000)).isEqualTo(1.0);
    assertThatThrownBy(() -> new WarmStart(Path.of("w"), -1)).hasMessageContaining("≥ 0");
  }

  @Test
  void warmStartRefusesAFolderWithoutExportedWeights() throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> WarmStart.fromModelFolder(tmp.resolve("empty"))).hasMessageContaining("a warm start needs a folder of exported weights").hasMessageNotContaining("--");
  }
}
