package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/** LayerNorm over the last axis with a learned scale and shift (eps 1e-6, as in Infinity, unless given). */
public final class LayerNorm {
  private final NDArray weight;
  private final NDArray bias;
  private final float eps;

  public LayerNorm(ParamSource p, String name, int width) {
    this(p, name, width, 1e-6f);
  }

  /** With another eps (BERT's 1e-12). */
  public LayerNorm(ParamSource p, String name, int width, float eps) {
    this.weight = p.create(name + ".weight", Init.ones(), width);
    this.bias = p.create(name + ".bias", Init.zeros(), width);
    this.eps = eps;
  }

  public NDArray forward(NDArray x) {
    return Nn.layerNorm(x, weight, bias, eps);
  }
}
