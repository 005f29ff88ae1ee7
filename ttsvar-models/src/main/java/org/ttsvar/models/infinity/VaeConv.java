package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import org.ttsvar.tensor.Nn;

/** A square convolution with bias, stride 1, "same" padding: the reference's {@code Conv} (2-D). */
record VaeConv(NDArray weight, NDArray bias, int padding) {
  /** Loads {@code name.conv.{weight,bias}} (or {@code name.{weight,bias}}); in channels −1 = read from the file. */
  static VaeConv load(Weights w, String name, long in, long out, int kernel) throws IOException {
    NDArray weight = w.get(name + ".conv.weight", out, in, kernel, kernel);
    NDArray bias = w.get(name + ".conv.bias", weight.getShape().get(0));
    return new VaeConv(weight, bias, kernel / 2);
  }

  long in() {
    return weight.getShape().get(1);
  }

  long out() {
    return weight.getShape().get(0);
  }

  /** Multiply-adds ×2 at {@code pixels} output pixels. */
  double flops(double pixels) {
    return 2.0 * weight.getShape().size() * pixels;
  }

  /** (B, in, H, W) → (B, out, H, W). */
  NDArray forward(NDArray x) {
    return Nn.conv2d(x, weight, bias, 1, padding);
  }
}
