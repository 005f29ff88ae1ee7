package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe under autograd. DJL's {@code x.mul(2f)} wraps the constant
 * in a tensor that views a Java buffer and closes it at once; autograd keeps that tensor for the
 * backward pass of {@code mul}, {@code div} and {@code pow}, which then reads freed memory whenever
 * the garbage collector ran in between: wrong gradients now and then, sometimes NaN (found
 * 2026-12-02; {@code ScalarsTest}). Here the constant lives in PyTorch's own memory, so closing our
 * handle leaves autograd's reference intact. Same operation, bit for bit, as DJL's scalar overloads.
 * Use these on every path that gradients flow through; constants on data and masks are harmless.
 */
public final class Scalars {
  private Scalars() {}

  public static NDArray mul(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.mul(k);
    }
  }

  public static NDArray div(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.div(k);
    }
  }

  public static NDArray pow(NDArray x, float c) {
    try (NDArray k = constant(x, c)) {
      return x.pow(k);
    }
  }

  private static NDArray constant(NDArray x, float c) {
    return x.getManager().full(new Shape(), c, DataType.FLOAT32);
  }
}
