package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResizeTest {

  @Property(tries = 60)
  void everyModePreservesConstants(@ForAll @IntRange(min = 1, max = 20) int in, @ForAll @IntRange(min = 1, max = 20) int out) {
    for (Resize.Mode mode : Resize.Mode.values()) {
      float[] m = Resize.matrix(mode, in, out);
      for (int i = 0; i < out; i++) {
        double row = 0;
        for (int j = 0; j < in; j++) {
          row += m[i * in + j];
        }
        assertThat(row).as(mode + " row " + i).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @Test
  void bilinearUpsamplingMatchesPyTorchHalfPixelRule() {
    // F.interpolate([0, 1], size=4, mode='linear', align_corners=False) = [0, 0.25, 0.75, 1]
    assertThat(apply(Resize.matrix(Resize.Mode.BILINEAR, 2, 4), new float[] {0, 1}))
        .containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
  }

  @Test
  void bilinearHalvingAveragesPairsWithoutAntialiasing() {
    // source positions 0.5 and 2.5: plain two-tap averages; an antialiased filter would spread wider
    assertThat(apply(Resize.matrix(Resize.Mode.BILINEAR, 4, 2), new float[] {0, 2, 4, 10}))
        .containsExactly(new float[] {1f, 7f}, within(1e-6f));
    // quartering samples at 1.5 and 5.5 only: taps 1,2 and 5,6
    assertThat(apply(Resize.matrix(Resize.Mode.BILINEAR, 8, 2), new float[] {0, 1, 2, 3, 4, 5, 6, 7}))
        .containsExactly(new float[] {1.5f, 5.5f}, within(1e-6f));
  }

  @Test
  void bicubicUpsamplingUsesFourClampedTaps() {
    // Output 4 of 16→32 samples source 1.75: taps 0..3 with weights for t = 0.75
    // (−0.03515625, 0.26171875, 0.87890625, −0.10546875). With A = −0.75 (PyTorch's, not Keys' −0.5)
    // the kernel does not reproduce linear ramps exactly, so the value is hand-computed.
    float[] ramp = new float[16];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 3 * i + 1;
    }
    float[] up = apply(Resize.matrix(Resize.Mode.BICUBIC, 16, 32), ramp);
    assertThat(up[4]).isCloseTo(-0.03515625f * 1 + 0.26171875f * 4 + 0.87890625f * 7 - 0.10546875f * 10, within(1e-5f));
    // first output samples −0.25: taps −2..1 clamp to 0,0,0,1
    assertThat(up[0]).isCloseTo((-0.03515625f + 0.26171875f + 0.87890625f) * 1 - 0.10546875f * 4, within(1e-5f));
  }

  @Test
  void bicubicWeightsAreKeysKernel() {
    double[] w = Resize.cubicWeights(0.75);
    assertThat(w).containsExactly(new double[] {-0.03515625, 0.26171875, 0.87890625, -0.10546875}, within(1e-12));
    assertThat(Resize.cubicWeights(0)).containsExactly(new double[] {0, 1, 0, 0}, within(1e-12));
  }

  @Test
  void areaAveragesCoveredCellsAndNearestPicksFloor() {
    assertThat(apply(Resize.matrix(Resize.Mode.AREA, 4, 2), new float[] {1, 3, 5, 7})).containsExactly(new float[] {2f, 6f}, within(1e-6f));
    assertThat(apply(Resize.matrix(Resize.Mode.NEAREST, 2, 4), new float[] {1, 2})).containsExactly(new float[] {1f, 1f, 2f, 2f}, within(0f));
  }

  @Test
  void resizeOnArraysAppliesBothAxes() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {0, 1, 2, 3}, new Shape(1, 1, 2, 2));
      NDArray y = Resize.resize(x, Resize.Mode.BILINEAR, 4, 4);
      assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 4, 4));
      float[] v = y.toFloatArray();
      // separable: row 0 = [0, .25, .75, 1], last row = [2, 2.25, 2.75, 3]
      assertThat(v).startsWith(0f, 0.25f, 0.75f, 1f).endsWith(2f, 2.25f, 2.75f, 3f);
      NDArray back = Resize.resize(y, Resize.Mode.AREA, 2, 2);
      // rows of y: [0,.25,.75,1], [.5,.75,1.25,1.5], [1.5,1.75,2.25,2.5], [2,2.25,2.75,3]; 2×2 block means:
      assertThat(back.toFloatArray()).containsExactly(new float[] {0.375f, 1.125f, 1.875f, 2.625f}, within(1e-5f));
    }
  }

  static float[] apply(float[] matrix, float[] x) {
    int in = x.length;
    int out = matrix.length / in;
    float[] y = new float[out];
    for (int i = 0; i < out; i++) {
      for (int j = 0; j < in; j++) {
        y[i] += matrix[i * in + j] * x[j];
      }
    }
    return y;
  }

  /** Autograd keeps the resize matrices for the backward pass; they must outlive a garbage collection. */
  @Test
  void theGradientThroughAResizeSurvivesAGarbageCollection() throws InterruptedException {
    float[] mh = Resize.matrix(Resize.Mode.BILINEAR, 5, 3); // (3 × 5)
    float[] mw = Resize.matrix(Resize.Mode.BILINEAR, 4, 2); // (2 × 4)
    try (NDManager m = NDManager.newBaseManager()) {
      for (int rep = 0; rep < 10; rep++) {
        NDArray x = m.zeros(new Shape(1, 1, 5, 4));
        x.setRequiresGradient(true);
        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          NDArray y = Resize.resize(x, Resize.Mode.BILINEAR, 3, 2).sum();
          FreedMemory.collectAndOverwrite();
          gc.backward(y);
        }
        // d Σ(Mh·x·Mwᵀ) / dx[i][j] = (Σ_r Mh[r][i]) · (Σ_c Mw[c][j])
        float[] grad = x.getGradient().toFloatArray();
        for (int i = 0; i < 5; i++) {
          for (int j = 0; j < 4; j++) {
            double colH = 0, colW = 0;
            for (int r = 0; r < 3; r++) {
              colH += mh[r * 5 + i];
            }
            for (int c = 0; c < 2; c++) {
              colW += mw[c * 4 + j];
            }
            assertThat((double) grad[i * 4 + j]).as("repetition %d, (%d, %d)", rep, i, j).isCloseTo(colH * colW, within(1e-5));
          }
        }
      }
    }
  }
}
