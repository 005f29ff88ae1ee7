package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/** Small helpers that avoid per-element host reads (each costs a native call). */
final class NDArrayUtil {
  private NDArrayUtil() {}

  /** Sum of scalar arrays, read back with one host transfer. */
  static double stackSum(NDList scalars) {
    try (NDArray stacked = NDArrays.stack(scalars); NDArray total = stacked.sum()) {
      return total.getFloat();
    }
  }
}
