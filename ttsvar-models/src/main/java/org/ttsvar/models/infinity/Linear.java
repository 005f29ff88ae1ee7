package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import org.ttsvar.tensor.Nn;

/** {@code x·Wᵀ + b}; W is (out, in), b (out) or absent. */
record Linear(NDArray weight, NDArray bias) {
  static Linear load(Weights w, String name, long in, long out, boolean bias) throws IOException {
    NDArray weight = w.get(name + ".weight", out, in);
    return new Linear(weight, bias ? w.get(name + ".bias", weight.getShape().get(0)) : null);
  }

  long out() {
    return weight.getShape().get(0);
  }

  NDArray forward(NDArray x) {
    return Nn.linear(x, weight, bias);
  }
}
