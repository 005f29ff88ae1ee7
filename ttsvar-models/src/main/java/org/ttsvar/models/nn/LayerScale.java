package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.ParamSource;

/** LayerScale (CaiT; DINOv2's {@code ls1}/{@code ls2}): a learned per-channel factor, {@code x·γ}; parameter {@code NAME.gamma}. */
public final class LayerScale {
  private final NDArray gamma;

  public LayerScale(ParamSource p, String name, int width) {
    this.gamma = p.create(name + ".gamma", Init.ones(), width);
  }

  /** x (…, C) → (…, C). */
  public NDArray forward(NDArray x) {
    return x.mul(gamma);
  }
}
