package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Writes values into an existing array, keeping the array (layers and optimizers hold it). Not with
 * DJL's {@code NDArray.set(Buffer)}: its native side runs under PyTorch's deprecated
 * AutoNonVariableTypeMode, which prints a multi-line "AutoNonVariableTypeMode is deprecated" warning to
 * the terminal the first time any ttsvar command loads weights. {@code t[...] = values} copies the same bytes.
 */
final class InPlace {
  private InPlace() {}

  static void write(NDArray target, float[] values) {
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false); // a parameter that records gradients may be written in place only outside grad mode
    try (NDArray source = target.getManager().create(values, target.getShape())) {
      target.set(new NDIndex("..."), source);
    } finally {
      JniUtils.setGradMode(grad);
    }
  }
}
