package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Constants on gradient paths survive a garbage collection between the forward and the backward
 * pass. With DJL's own {@code x.mul(3f)} the constant's Java buffer is freed by then, and the
 * backward pass reads whatever the allocator put there since.
 */
class ScalarsTest {
  @Test
  void gradientsThroughConstantsAreExactAfterAGarbageCollection() throws InterruptedException {
    try (NDManager m = NDManager.newBaseManager()) {
      for (int rep = 0; rep < 20; rep++) {
        NDArray x = m.create(new float[] {1f, 2f, -3f});
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          // d/dx of 3x + x/4 + x³ = 3 + 0.25 + 3x²
          NDArray y = Scalars.mul(x, 3f).add(Scalars.div(x, 4f)).add(Scalars.pow(x, 3f)).sum();
          FreedMemory.collectAndOverwrite();
          gc.backward(y);
        }
        assertThat(x.getGradient().toFloatArray()).as("repetition %d", rep).containsExactly(6.25f, 15.25f, 30.25f);
      }
    }
  }

  @Test
  void resultsEqualDjlsScalarOverloads() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {0.1f, -2.5f, 7.3f, 1e-3f});
      assertThat(Scalars.mul(x, 0.044715f).toFloatArray()).containsExactly(x.mul(0.044715f).toFloatArray());
      assertThat(Scalars.div(x, 13.856406f).toFloatArray()).containsExactly(x.div(13.856406f).toFloatArray());
      assertThat(Scalars.pow(x, 3f).toFloatArray()).containsExactly(x.pow(3f).toFloatArray());
    }
  }
}
