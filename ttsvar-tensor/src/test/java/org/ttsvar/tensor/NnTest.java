package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NnTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return v;
  }

  @Test
  void attentionWithOneHotMaskPicksTheAllowedValueRow() {
    int l = 4, d = 3;
    NDArray q = manager.create(random(l * d, 1), new Shape(1, 1, l, d));
    NDArray k = manager.create(random(l * d, 2), new Shape(1, 1, l, d));
    float[] vv = random(l * d, 3);
    NDArray v = manager.create(vv, new Shape(1, 1, l, d));
    int[] pick = {2, 0, 3, 3};
    float[] mask = new float[l * l];
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < l; j++) {
        mask[i * l + j] = j == pick[i] ? 0 : -1e9f;
      }
    }
    float[] out = Nn.attention(q, k, v, manager.create(mask, new Shape(l, l)), 0.5f).toFloatArray();
    for (int i = 0; i < l; i++) {
      for (int c = 0; c < d; c++) {
        assertThat(out[i * d + c]).isCloseTo(vv[pick[i] * d + c], within(1e-6f));
      }
    }
  }

  @Test
  void attentionWithoutMaskIsSoftmaxWeightedAverage() {
    NDArray q = manager.create(new float[] {1, 0}, new Shape(1, 2));
    NDArray k = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
    NDArray v = manager.create(new float[] {10, 0, 0, 10}, new Shape(2, 2));
    float[] out = Nn.attention(q, k, v, null, 1f).toFloatArray();
    double w0 = Math.exp(1) / (Math.exp(1) + 1);
    assertThat(out).containsExactly(new float[] {(float) (10 * w0), (float) (10 * (1 - w0))}, within(1e-5f));
  }

  @Test
  void groupNormMatchesDefinition() {
    int b = 2, c = 4, h = 3, w = 2, g = 2;
    float[] x = random(b * c * h * w, 4);
    float[] gamma = {1, 2, 3, 4};
    float[] beta = {0, -1, 1, 0.5f};
    float[] out =
        Nn.groupNorm(manager.create(x, new Shape(b, c, h, w)), g, manager.create(gamma), manager.create(beta), 1e-5f).toFloatArray();
    int per = c / g * h * w;
    for (int bi = 0; bi < b; bi++) {
      for (int gi = 0; gi < g; gi++) {
        int start = bi * c * h * w + gi * per;
        double mean = 0, var = 0;
        for (int i = 0; i < per; i++) {
          mean += x[start + i];
        }
        mean /= per;
        for (int i = 0; i < per; i++) {
          var += (x[start + i] - mean) * (x[start + i] - mean);
        }
        var /= per;
        for (int i = 0; i < per; i++) {
          int ch = gi * (c / g) + i / (h * w);
          double want = (x[start + i] - mean) / Math.sqrt(var + 1e-5) * gamma[ch] + beta[ch];
          assertThat(out[start + i]).isCloseTo((float) want, within(1e-4f));
        }
      }
    }
  }

  @Test
  void layerNormWithoutAffineHasZeroMeanUnitVariance() {
    float[] out = Nn.layerNorm(manager.create(random(16, 5), new Shape(2, 8)), 1e-6f).toFloatArray();
    for (int r = 0; r < 2; r++) {
      double mean = 0, sq = 0;
      for (int i = 0; i < 8; i++) {
        mean += out[r * 8 + i];
        sq += out[r * 8 + i] * out[r * 8 + i];
      }
      assertThat(mean / 8).isCloseTo(0, within(1e-5));
      assertThat(sq / 8).isCloseTo(1, within(1e-3));
    }
  }

  @Test
  void geluTanhAndSiluMatchFormulas() {
    float[] x = {-3, -1, 0, 0.5f, 2};
    float[] gelu = Nn.geluTanh(manager.create(x)).toFloatArray();
    float[] silu = Nn.silu(manager.create(x)).toFloatArray();
    for (int i = 0; i < x.length; i++) {
      double t = Math.tanh(Math.sqrt(2 / Math.PI) * (x[i] + 0.044715 * Math.pow(x[i], 3)));
      assertThat(gelu[i]).isCloseTo((float) (0.5 * x[i] * (1 + t)), within(1e-5f));
      assertThat(silu[i]).isCloseTo((float) (x[i] / (1 + Math.exp(-x[i]))), within(1e-5f));
    }
  }

  @Test
  void linearAndConvAgreeWithHandComputation() {
    NDArray x = manager.create(new float[] {1, 2, 3}, new Shape(1, 3));
    NDArray w = manager.create(new float[] {1, 0, -1, 2, 1, 0}, new Shape(2, 3));
    assertThat(Nn.linear(x, w, manager.create(new float[] {0.5f, -1})).toFloatArray()).containsExactly(-1.5f, 3f);
    // 1×1 convolution is a per-pixel linear map
    NDArray img = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(1, 2, 2, 2));
    NDArray k = manager.create(new float[] {1, -1}, new Shape(1, 2, 1, 1));
    assertThat(Nn.conv2d(img, k, null, 1, 0).toFloatArray()).containsExactly(-4f, -4f, -4f, -4f);
  }

  @Test
  void scopedOperationsLeaveNothingInTheManager() {
    try (NDManager sub = manager.newSubManager()) {
      NDArray p = sub.create(random(64, 6), new Shape(1, 4, 4, 4));
      NDArray gamma = sub.ones(new Shape(4));
      NDArray beta = sub.zeros(new Shape(4));
      int before = sub.getManagedArrays().size();
      for (int i = 0; i < 20; i++) {
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDArray y = Nn.groupNorm(p, 2, gamma, beta, 1e-6f);
          y = Resize.resize(Nn.silu(y), Resize.Mode.BILINEAR, 8, 8);
          y = Nn.attention(y, y, y, null, 0.1f);
          assertThat(y.getShape()).isEqualTo(new Shape(1, 4, 8, 8));
        }
      }
      assertThat(sub.getManagedArrays()).hasSize(before);
    }
  }
}
