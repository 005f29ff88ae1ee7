package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/** A linear map {@code x·Wᵀ + b} over the last axis. */
public final class Linear {
  private final NDArray weight;
  private final NDArray bias;

  public Linear(ParamSource p, String name, int in, int out, boolean bias, double initStd) {
    this.weight = p.create(name + ".weight", Init.normal(initStd), out, in);
    this.bias = bias ? p.create(name + ".bias", Init.zeros(), out) : null;
  }

  public Linear(ParamSource p, String name, int in, int out, boolean bias) {
    this(p, name, in, out, bias, 1.0 / Math.sqrt(in));
  }

  public NDArray forward(NDArray x) {
    return Nn.linear(x, weight, bias);
  }

  public NDArray weight() {
    return weight;
  }
}
