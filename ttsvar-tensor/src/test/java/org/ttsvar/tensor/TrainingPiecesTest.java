package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPiecesTest {
  @TempDir Path dir;

  /** loss = Σ w·x with x = (3, 4): the gradient is x, its norm 5. */
  private static void backwardLinear(Params p) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray w = p.get("w");
      NDArray loss = w.mul(p.manager().create(new float[] {3, 4})).sum();
      gc.backward(loss);
    }
  }

  @Test
  void globalNormClippingScalesAllGradientsTogether() {
    try (NDManager m = NDManager.newBaseManager(); Params p = new Params(m, 1)) {
      p.create("w", Init.zeros(), 2);
      p.requireGradients(true);
      backwardLinear(p);
      double norm = GradClip.clipGlobalNorm(p.all().values(), 1.0);
      assertThat(norm).isCloseTo(5.0, within(1e-5));
      assertThat(p.get("w").getGradient().toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-5f));
      assertThat(GradClip.clipGlobalNorm(p.all().values(), 10.0)).isCloseTo(1.0, within(1e-5));
      assertThat(p.get("w").getGradient().toFloatArray()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-5f));
    }
  }

  @Test
  void adamWFirstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign() {
    try (NDManager m = NDManager.newBaseManager(); Params p = new Params(m, 1)) {
      p.create("w", Init.constant(1f), 2);
      p.requireGradients(true);
      try (AdamW opt = new AdamW(p, 0.9, 0.999, 1e-8, 0.1, name -> true)) {
        backwardLinear(p);
        opt.update(0.01);
        // bias-corrected first step: m̂/√v̂ = sign(g) = 1; decay first: 1·(1 − 0.01·0.1) − 0.01
        float expected = (float) (1 * (1 - 0.01 * 0.1) - 0.01);
        assertThat(p.get("w").toFloatArray()).containsExactly(new float[] {expected, expected}, within(1e-6f));
        // gradients were zeroed
        assertThat(p.get("w").getGradient().toFloatArray()).containsExactly(0f, 0f);
      }
    }
  }

  @Test
  void optimizerStateRoundTripContinuesIdentically() throws Exception {
    float[] a, b;
    try (NDManager m = NDManager.newBaseManager(); Params p = new Params(m, 7); AdamW opt = new AdamW(p, 0.9, 0.99, 1e-8, 0, n -> false)) {
      p.create("w", Init.normal(1), 2);
      p.requireGradients(true);
      // recreate optimizer state after parameters exist
    }
    try (NDManager m = NDManager.newBaseManager(); Params p = new Params(m, 7)) {
      p.create("w", Init.normal(1), 2);
      p.requireGradients(true);
      try (AdamW opt = new AdamW(p, 0.9, 0.99, 1e-8, 0, n -> false)) {
        for (int i = 0; i < 3; i++) {
          backwardLinear(p);
          opt.update(0.05);
        }
        Path params = dir.resolve("p.safetensors");
        Path state = dir.resolve("s.safetensors");
        p.save(params, Map.of());
        SafeTensors.write(state, opt.state(), Map.of());
        backwardLinear(p);
        opt.update(0.05);
        a = p.get("w").toFloatArray();
        // restore into fresh objects and take the same step
        try (Params q = new Params(m, 99)) {
          q.create("w", Init.zeros(), 2);
          q.load(params);
          q.requireGradients(true);
          try (AdamW opt2 = new AdamW(q, 0.9, 0.99, 1e-8, 0, n -> false)) {
            opt2.loadState(SafeTensors.readAll(state), "s");
            assertThat(opt2.step()).isEqualTo(3);
            backwardLinear(q);
            opt2.update(0.05);
            b = q.get("w").toFloatArray();
          }
        }
      }
    }
    assertThat(b).containsExactly(a);
  }

  @Test
  void paramsAreSeededAndLoadingChecksNamesAndShapes() throws Exception {
    try (NDManager m = NDManager.newBaseManager(); Params p = new Params(m, 3); Params q = new Params(m, 3); Params r = new Params(m, 3)) {
      p.create("x", Init.normal(1), 3, 2);
      q.create("x", Init.normal(1), 3, 2);
      assertThat(p.get("x").toFloatArray()).containsExactly(q.get("x").toFloatArray());
      assertThat(p.count()).isEqualTo(6);
      r.create("x", Init.zeros(), 2, 3);
      assertThatThrownBy(() -> r.load(p.toHost(), "file.safetensors")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("shape");
      assertThatThrownBy(() -> p.create("x", Init.zeros(), 1)).hasMessageContaining("defined twice");
      Map<String, TensorData> nan = Map.of("x", new TensorData(new long[] {3, 2}, new float[] {0, 0, Float.NaN, 0, 0, 0}));
      assertThatThrownBy(() -> q.load(nan, "nan.safetensors")).hasMessageContaining("non-finite");
    }
  }
}
