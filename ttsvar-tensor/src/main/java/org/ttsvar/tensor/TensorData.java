package org.ttsvar.tensor;

import java.util.Arrays;

/**
 * A named tensor's host data: shape and float values (row-major). What the safetensors reader
 * returns and the writer takes, independent of any tensor engine.
 */
public record TensorData(long[] shape, float[] values) {
  public TensorData {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      try {
        n = Math.multiplyExact(n, d); // a wrapped product could match an empty array
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " overflows 64 bits");
      }
    }
    if (n != values.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + values.length);
    }
  }

  public long size() {
    return values.length;
  }
}
