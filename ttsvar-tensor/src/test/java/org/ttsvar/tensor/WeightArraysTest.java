package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Weights in engine memory: the values arrive intact, and loading them reserves no Java direct buffer (the
 * cap of those, -XX:MaxDirectMemorySize, stopped the 8.8 GB Infinity-2B checkpoint from loading).
 */
class WeightArraysTest {
  private static final int N = 4 << 20; // 16 MB of floats

  @Test
  void valuesArriveIntactAndTheArrayComputes() {
    float[] v = new float[3 * 5];
    for (int i = 0; i < v.length; i++) {
      v[i] = i * 0.5f - 3f;
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = WeightArrays.create(m, v, new Shape(3, 5));
      assertThat(a.getShape()).isEqualTo(new Shape(3, 5));
      assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
      System.gc(); // the view the values were written through may go; the tensor keeps its memory
      assertThat(a.toFloatArray()).containsExactly(v);
      assertThat(a.sum().getFloat()).isEqualTo(15 * (7 * 0.5f - 3f));
      assertThat(WeightArrays.create(m, new float[0], new Shape(0, 4)).getShape()).isEqualTo(new Shape(0, 4));
    }
  }

  @Test
  void reservesNoDirectBufferWhereNDManagerCreateDoes() {
    float[] v = new float[N];
    v[N - 1] = 7f;
    try (NDManager m = NDManager.newBaseManager()) {
      long before = directBytes();
      NDArray viaCreate = m.create(v, new Shape(N));
      long byCreate = directBytes() - before;
      assertThat(byCreate).as("NDManager.create keeps the values in a direct buffer").isGreaterThanOrEqualTo(4L * N);

      before = directBytes();
      NDArray viaWeights = WeightArrays.create(m, v, new Shape(N));
      assertThat(directBytes() - before).isLessThan(1 << 20);
      assertThat(viaWeights.get(N - 1).getFloat()).isEqualTo(7f);
      viaCreate.close();
    }
  }

  @Test
  void refusesAShapeOfAnotherSize() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> WeightArrays.create(m, new float[6], new Shape(2, 2))).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static long directBytes() {
    return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
        .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
  }
}
