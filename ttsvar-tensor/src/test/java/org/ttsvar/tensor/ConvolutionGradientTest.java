package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 3×3 convolution's output and its gradient with respect to the input, against a plain-Java direct
 * sum, several times over. Guards the engine set-up: on an AMD EPYC with AVX-512 (2026-12-02), oneDNN's
 * AVX2 and AVX-512 backward-data kernels in PyTorch 2.7.1 gave wrong input gradients (errors ≈ 5) for
 * the 8 → 3 channel cases below and garbage for 8 → 8; capped at AVX they are exact. So the build and
 * the launcher set {@code ONEDNN_MAX_CPU_ISA=AVX}; see ARCHITECTURE.md.
 */
class ConvolutionGradientTest {
  @ParameterizedTest(name = "B={0} C={1}→{2} side={3} stride={4}")
  @CsvSource({"4, 8, 8, 16, 1", "2, 16, 16, 32, 1", "4, 8, 8, 16, 2", "1, 3, 3, 64, 1", "4, 8, 3, 16, 1", "4, 4, 8, 4, 1", "32, 8, 3, 16, 1"})
  void matchesTheDirectSumEveryTime(int b, int cin, int cout, int side, int stride) {
    SplittableRandom rng = new SplittableRandom(7);
    int k = 3, pad = 1, out = (side + 2 * pad - k) / stride + 1;
    float[] w = random(rng, cout * cin * k * k);
    float[] g = random(rng, b * cout * out * out);
    float[] expected = inputGradient(w, g, b, cin, cout, side, out, k, stride, pad);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray weight = m.create(w, new Shape(cout, cin, k, k));
      NDArray bias = m.zeros(new Shape(cout));
      NDArray upstream = m.create(g, new Shape(b, cout, out, out));
      for (int rep = 0; rep < 8; rep++) {
        float[] input = random(rng, b * cin * side * side);
        NDArray x = m.create(input, new Shape(b, cin, side, side));
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = Nn.conv2d(x, weight, bias, stride, pad).mul(upstream).sum();
          // Σ y·g is the direct sum of the input gradient read the other way: Σ x·(dL/dx).
          assertThat(loss.getFloat()).as("forward, repetition %d", rep).isCloseTo(dot(input, expected), within(1e-2f));
          gc.backward(loss);
        }
        float[] got = x.getGradient().toFloatArray();
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
          worst = Math.max(worst, Float.isFinite(got[i]) ? Math.abs(got[i] - expected[i]) : Double.POSITIVE_INFINITY);
        }
        assertThat(worst).as("largest error of the input gradient, repetition %d", rep).isLessThan(1e-4);
      }
    }
  }

  private static float dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return (float) s;
  }

  private static float[] random(SplittableRandom rng, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return a;
  }

  /** dL/dx[b, ci, y, x] = Σ over co, ky, kx of g[b, co, oy, ox] · w[co, ci, ky, kx] where oy·stride − pad + ky = y. */
  private static float[] inputGradient(float[] w, float[] g, int b, int cin, int cout, int side, int out, int k, int stride, int pad) {
    float[] dx = new float[b * cin * side * side];
    for (int n = 0; n < b; n++) {
      for (int co = 0; co < cout; co++) {
        for (int oy = 0; oy < out; oy++) {
          for (int ox = 0; ox < out; ox++) {
            float go = g[((n * cout + co) * out + oy) * out + ox];
            for (int ci = 0; ci < cin; ci++) {
              for (int ky = 0; ky < k; ky++) {
                for (int kx = 0; kx < k; kx++) {
                  int y = oy * stride - pad + ky, x = ox * stride - pad + kx;
                  if (y >= 0 && y < side && x >= 0 && x < side) {
                    dx[((n * cin + ci) * side + y) * side + x] += go * w[((co * cin + ci) * k + ky) * k + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
    return dx;
  }
}
