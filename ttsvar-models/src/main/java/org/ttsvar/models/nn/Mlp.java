package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/** The transformer MLP {@code fc2(act(fc1(x)))}; parameters {@code NAME.fc1}, {@code NAME.fc2}. */
public final class Mlp {
  private final Linear fc1;
  private final Linear fc2;
  private final UnaryOperator<NDArray> activation;

  private Mlp(ParamSource p, String name, int width, int hidden, double outStd, UnaryOperator<NDArray> activation) {
    this.fc1 = new Linear(p, name + ".fc1", width, hidden, true, 0.02);
    this.fc2 = new Linear(p, name + ".fc2", hidden, width, true, outStd);
    this.activation = activation;
  }

  /**
   * With GELU's tanh approximation (Infinity's FFN, our models'). outStd: the initial spread of the
   * output layer (GPT-2's residual scaling: small when many blocks add up).
   */
  public Mlp(ParamSource p, String name, int width, int hidden, double outStd) {
    this(p, name, width, hidden, outStd, Nn::geluTanh);
  }

  /** With the exact (erf) GELU, {@code nn.GELU()}: the ViTs of DINOv2 and BLIP. */
  public static Mlp exactGelu(ParamSource p, String name, int width, int hidden) {
    return new Mlp(p, name, width, hidden, 0.02, Nn::gelu);
  }

  /** x (…, C) → (…, C). */
  public NDArray forward(NDArray x) {
    return fc2.forward(activation.apply(fc1.forward(x)));
  }
}
