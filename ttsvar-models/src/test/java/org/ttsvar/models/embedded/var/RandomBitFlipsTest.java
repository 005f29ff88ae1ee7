package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class RandomBitFlipsTest {
  private static float[] flipsOf(float[] before, float[] after) {
    float[] f = new float[before.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = before[i] == after[i] ? 0 : 1;
    }
    return f;
  }

  @Test
  void flipsAShareOfBitsBoundedByTheMaximumAndNeverTheLastScale() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray bits = m.randomInteger(0, 2, new Shape(64, 8, 4, 4), ai.djl.ndarray.types.DataType.INT32).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
      RandomBitFlips flips = new RandomBitFlips(0.2, 3, 7);
      float[] before = bits.toFloatArray();
      float[] changed = flipsOf(before, flips.corrupt(0, bits).toFloatArray());
      double share = 0;
      int perSample = 8 * 4 * 4;
      for (int i = 0; i < 64; i++) {
        double s = 0;
        for (int j = 0; j < perSample; j++) {
          s += changed[i * perSample + j];
        }
        share += s / perSample;
        assertThat(s / perSample).isLessThan(0.2 + 4 * Math.sqrt(0.2 * 0.8 / perSample)); // p_i ≤ 0.2
      }
      assertThat(share / 64).isBetween(0.07, 0.13); // mean of U[0, 0.2] is 0.1
      assertThat(flips.corrupt(2, bits).toFloatArray()).containsExactly(before); // the last scale is never flipped
      // same seed → same flips; the values stay bits
      float[] again = new RandomBitFlips(0.2, 3, 7).corrupt(0, bits).toFloatArray();
      assertThat(flipsOf(before, again)).containsExactly(changed);
      assertThat(again).containsOnly(0f, 1f);
      assertThat(new RandomBitFlips(0, 3, 7).corrupt(0, bits).toFloatArray()).containsExactly(before);
    }
  }

  @Test
  void rejectsProbabilitiesOutsideZeroToOneHalf() {
    assertThatThrownBy(() -> new RandomBitFlips(0.6, 3, 1)).hasMessageContaining("[0, 0.5]");
    assertThatThrownBy(() -> new RandomBitFlips(-0.1, 3, 1)).hasMessageContaining("[0, 0.5]");
  }
}
