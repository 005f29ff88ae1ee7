package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/** The transformer MLP {@code fc2(gelu_tanh(fc1(x)))}; parameters {@code NAME.fc1}, {@code NAME.fc2}. */
public final class Mlp {
  private final Linear fc1;
  private final Linear fc2;

  /** outStd: the initial spread of the output layer (GPT-2's residual scaling: small when many blocks add up). */
  public Mlp(Params p, String name, int width, int hidden, double outStd) {
    this.fc1 = new Linear(p, name + ".fc1", width, hidden, true, 0.02);
    this.fc2 = new Linear(p, name + ".fc2", hidden, width, true, outStd);
  }

  /** x (…, C) → (…, C). */
  public NDArray forward(NDArray x) {
    return fc2.forward(Nn.geluTanh(fc1.forward(x)));
  }
}
