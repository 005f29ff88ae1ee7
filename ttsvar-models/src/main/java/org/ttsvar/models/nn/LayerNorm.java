package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/** LayerNorm over the last axis with a learned scale and shift (eps 1e-6, as in Infinity). */
public final class LayerNorm {
  private final NDArray weight;
  private final NDArray bias;

  public LayerNorm(ParamSource p, String name, int width) {
    this.weight = p.create(name + ".weight", Init.ones(), width);
    this.bias = p.create(name + ".bias", Init.zeros(), width);
  }

  public NDArray forward(NDArray x) {
    return Nn.layerNorm(x, weight, bias, 1e-6f);
  }
}
