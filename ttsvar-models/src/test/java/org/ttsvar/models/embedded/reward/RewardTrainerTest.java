package org.ttsvar.models.embedded.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.var.SamplingConfig;
import org.ttsvar.models.embedded.var.VarConfig;
import org.ttsvar.models.embedded.var.VarModel;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.world.Grammar;

/** A few reward training steps with every image variant, generated completions included (random-weight models). */
class RewardTrainerTest {
  @TempDir Path run;

  @Test
  void hardNegativesMakeTheTasksHardChangeAndZeroKeepsTheOriginalStream() {
    int hard = 0, total = 0;
    for (int i = 0; i < 300; i++) {
      Example plain = Examples.draw(3, i / 8, i % 8, 7);
      Example zero = Examples.draw(3, i / 8, i % 8, 7, DataMix.PLAIN);
      assertThat(List.of(zero.match(), zero.wrong(), zero.variant(), zero.partialScale(), zero.scene()))
          .isEqualTo(List.of(plain.match(), plain.wrong(), plain.variant(), plain.partialScale(), plain.scene()));
      Example h = Examples.draw(3, i / 8, i % 8, 7, DataMix.hardNegatives(1.0));
      assertThat(h.match()).isEqualTo(plain.match()); // same scene and prompt; only the wrong prompt's change differs
      assertThat(h.wrong()).isNotEqualTo(h.match());
      if (h.task() == org.ttsvar.world.Task.POSITION) {
        // a relation change keeps the objects and changes how they sit
        List<String> relations = List.of("left", "right", "above", "below");
        List<String> m = List.of(h.match().prompt().split(" ")), w = List.of(h.wrong().prompt().split(" "));
        assertThat(w.stream().filter(x -> !relations.contains(x)).sorted().toList()).isEqualTo(m.stream().filter(x -> !relations.contains(x)).sorted().toList());
        assertThat(w.stream().filter(relations::contains).toList()).isNotEqualTo(m.stream().filter(relations::contains).toList());
        hard++;
      }
      total++;
    }
    assertThat(hard).isBetween(total / 12, total / 3);
    assertThat(Examples.hardKind(org.ttsvar.world.Task.COUNTING)).isEqualTo(org.ttsvar.world.Perturbations.Kind.COUNT);
  }

  @Test
  void aFocusDrawsItsShareFromOneTaskAndLeavesTheRestOfTheStreamAlone() {
    DataMix focus = DataMix.withFocus(0.5, "position=0.5");
    int position = 0, n = 600;
    for (int i = 0; i < n; i++) {
      Example e = Examples.draw(3, i / 8, i % 8, 7, focus);
      if (e.task() == org.ttsvar.world.Task.POSITION) {
        position++;
      }
    }
    assertThat((double) position / n).isBetween(0.5, 0.67); // 0.5 + 0.5/6 ≈ 0.58 expected
    assertThatThrownBy(() -> DataMix.withFocus(0, "positions=0.5")).hasMessageContaining("unknown task 'positions'").hasMessageContaining("position");
    assertThatThrownBy(() -> DataMix.withFocus(0, "position=1")).hasMessageContaining("(0, 1)");
    assertThatThrownBy(() -> DataMix.withFocus(0, "position")).hasMessageContaining("TASK=SHARE");
  }

  @Test
  void malformedNegativesKeepTheMatchingPromptChangeTheImageAndLeaveTheRestOfTheStreamAlone() {
    DataMix mix = DataMix.hardNegatives(0.5).withMalformed(0.5);
    int malformed = 0, n = 400;
    for (int i = 0; i < n; i++) {
      Example plain = Examples.draw(3, i / 8, i % 8, 7, DataMix.hardNegatives(0.5));
      Example e = Examples.draw(3, i / 8, i % 8, 7, mix);
      assertThat(List.of(e.match(), e.variant(), e.partialScale(), e.scene(), e.image()))
          .isEqualTo(List.of(plain.match(), plain.variant(), plain.partialScale(), plain.scene(), plain.image()));
      if (e.malformed() == null) {
        assertThat(e.wrong()).isEqualTo(plain.wrong());
        assertThat(e.replacesNegative()).isFalse();
        continue;
      }
      malformed++;
      assertThat(e.variant().showsShapes()).isTrue(); // partial decodes and completions would hide or repair it
      assertThat(e.wrong()).isEqualTo(e.match());
      assertThat(e.malformed()).isNotEqualTo(e.image());
    }
    assertThat((double) malformed / n).isBetween(0.28, 0.47); // 0.5 of the 75 % renders, degraded renders and reconstructions
    assertThatThrownBy(() -> DataMix.PLAIN.withMalformed(1)).hasMessageContaining("[0, 1)");
  }

  @Test
  void codeDamagedNegativesAreReconstructionsUnderTheMatchingPromptAndLeaveTheRestOfTheStreamAlone() {
    DataMix before = DataMix.hardNegatives(0.5).withMalformed(0.3);
    DataMix mix = before.withCodeDamaged(1.0);
    int damaged = 0, n = 400;
    for (int i = 0; i < n; i++) {
      Example plain = Examples.draw(3, i / 8, i % 8, 7, before);
      Example e = Examples.draw(3, i / 8, i % 8, 7, mix);
      assertThat(List.of(e.match(), e.variant(), e.partialScale(), e.scene(), e.image()))
          .isEqualTo(List.of(plain.match(), plain.variant(), plain.partialScale(), plain.scene(), plain.image()));
      assertThat(e.malformed()).isEqualTo(plain.malformed()); // malformed examples stay as they were
      if (e.damage() == null) {
        assertThat(e.wrong()).isEqualTo(plain.wrong());
        assertThat(e.variant() != ImageVariant.RECONSTRUCTION || e.malformed() != null).isTrue(); // at share 1 every other reconstruction is damaged
        continue;
      }
      damaged++;
      assertThat(e.variant()).isEqualTo(ImageVariant.RECONSTRUCTION); // the positive row is the clean reconstruction of the same scene
      assertThat(e.malformed()).isNull();
      assertThat(e.wrong()).isEqualTo(e.match());
      assertThat(e.damage().index()).isBetween(0, e.scene().objects().size() - 1);
      assertThat(e.damage().fromScale()).isBetween(CodeDamage.MIN_FROM, CodeDamage.MAX_FROM);
    }
    assertThat((double) damaged / n).isBetween(0.1, 0.26); // the 25 % reconstructions less the 30 % of them malformed ≈ 0.175
    assertThatThrownBy(() -> DataMix.PLAIN.withCodeDamaged(1.5)).hasMessageContaining("code-damaged").hasMessageContaining("[0, 1]");
  }

  @Test
  void aStepWithReplacedNegativesScoresTheReplacingImagesInTheNegativeRows() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      List<Example> ex = java.util.stream.IntStream.range(0, 6).mapToObj(i -> Examples.draw(5, 0, i, 7, DataMix.PLAIN.withMalformed(0.9).withCodeDamaged(1))).toList();
      NDArray tokens = m.arange(6f).reshape(6, 1, 1);
      long count = ex.stream().filter(Example::replacesNegative).count();
      assertThat(count).isBetween(1L, 5L); // both kinds of rows
      NDArray malformedTokens = m.arange(100f, 100f + count).reshape(count, 1, 1);
      float[] rows = BatchImages.negativeRows(ex, tokens, malformedTokens).toFloatArray();
      int next = 100;
      for (int i = 0; i < 6; i++) {
        assertThat(rows[i]).isEqualTo(ex.get(i).replacesNegative() ? next++ : i);
      }
      assertThat(next - 100).isEqualTo((int) count);
    }
  }

  @Test
  void trainsOnEveryVariantAndLeavesGradModeAsItWas() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Tokenizer tok = new Tokenizer(TokenizerConfig.DEFAULT, m, 1);
      VarConfig vc = new VarConfig(32, 1, 2, 2, 1, 12, Grammar.vocabulary(), TokenizerConfig.DEFAULT.bits(), TokenizerConfig.DEFAULT.scales(), 0.1);
      RewardTrainer.Completer completer = new RewardTrainer.Completer(new VarModel(vc, m, 2), new SamplingConfig(2.0, 1.0, 0.97), "tiny");
      // the first steps' examples cover every variant, generated completions (4) included
      List<ImageVariant> variants = java.util.stream.IntStream.range(0, 24).mapToObj(i -> Examples.draw(3, i / 8, i % 8, 7).variant()).toList();
      assertThat(variants).contains(ImageVariant.values());

      var q = tok.quantize(tok.encode(m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(1, 3, 64, 64))), false);
      JniUtils.setGradMode(true);
      var img = BatchImages.complete(tok, completer, "a photo of a red circle", q, 0, 5);
      assertThat(JniUtils.isGradMode()).isTrue();
      assertThat(img.width()).isEqualTo(64);
      org.ttsvar.tensor.Engines.inferenceMode();

      RewardConfig rc = new RewardConfig("cross", 64, List.of(8, 16, 16, 16), 1, 1, 2, 12, Grammar.vocabulary(), false);
      TrainSettings s = new TrainSettings(3, 8, 1e-3, 1e-4, 1, 0.0, 1.0, 3, 1, 3);
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      DataMix mix = DataMix.PLAIN.withMalformed(0.5).withCodeDamaged(1);
      List<Example> steps = java.util.stream.IntStream.range(0, 24).mapToObj(i -> Examples.draw(3, i / 8, i % 8, 7, mix)).toList();
      assertThat(steps).anyMatch(e -> e.malformed() != null).anyMatch(e -> e.damage() != null).anyMatch(e -> !e.replacesNegative()); // every kind of negative row
      try (RewardModel model = RewardTrainer.train(rc, tok, "random", completer, mix, s, org.ttsvar.models.train.RunRequest.of(run, false), new PrintStream(err))) {
        assertThat(model.params().count()).isPositive();
      }
      List<String> log = Files.readAllLines(run.resolve("log.jsonl"));
      assertThat(log).hasSize(3).allMatch(l -> l.contains("pair_accuracy"));
      assertThat(Files.readString(run.resolve("run.json"))).contains("generated completion").contains("tiny").contains("\"malformed\" : 0.5").contains("\"code_damaged\" : 1.0");
    }
  }

  @Test
  void patchLabelsMarkTheColourAndShapeOfEveryPatchAnObjectCovers() {
    int colours = org.ttsvar.world.Colour.values().length;
    var corner = new org.ttsvar.world.SceneObject(org.ttsvar.world.ShapeClass.CIRCLE, org.ttsvar.world.Colour.RED, 0xff0000, 8, 8, 12);
    var middle = new org.ttsvar.world.SceneObject(org.ttsvar.world.ShapeClass.STAR, org.ttsvar.world.Colour.BLUE, 0x0000ff, 32, 32, 16);
    float[] l = SceneTargets.patchLabels(new org.ttsvar.world.Scene(64, 64, 0x808080, List.of(corner, middle)), 4);
    int n = RewardModel.PATCH_LABELS;
    assertThat(l).hasSize(16 * n);
    for (int patch = 0; patch < 16; patch++) {
      float[] p = java.util.Arrays.copyOfRange(l, patch * n, (patch + 1) * n);
      boolean centre = patch == 5 || patch == 6 || patch == 9 || patch == 10; // the star's square straddles the four middle cells
      float[] expected = new float[n];
      if (patch == 0) {
        expected[org.ttsvar.world.Colour.RED.ordinal()] = 1;
        expected[colours + org.ttsvar.world.ShapeClass.CIRCLE.ordinal()] = 1;
      } else if (centre) {
        expected[org.ttsvar.world.Colour.BLUE.ordinal()] = 1;
        expected[colours + org.ttsvar.world.ShapeClass.STAR.ordinal()] = 1;
      }
      assertThat(p).as("patch %d", patch).containsExactly(expected);
    }
  }
}
