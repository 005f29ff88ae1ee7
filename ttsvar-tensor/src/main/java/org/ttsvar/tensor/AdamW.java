package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * AdamW (decoupled weight decay, bias-corrected moments) over a {@link Params} map. Its state (the
 * two moments and the step count) is exposed as named host tensors so that a training checkpoint
 * can save and restore it exactly; DJL's optimizers keep theirs private. Gradients are zeroed after
 * each step (PyTorch accumulates them across backward calls).
 */
public final class AdamW implements AutoCloseable {
  private final Params params;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final Predicate<String> decays;
  private final NDManager manager;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long step;

  /**
   * @param decays which parameters get weight decay (typically matrices and convolution kernels, not
   *     norms, biases or embeddings)
   */
  public AdamW(Params params, double beta1, double beta2, double eps, double weightDecay, Predicate<String> decays) {
    this.params = params;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decays = decays;
    this.manager = params.manager().newSubManager();
    for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
      Shape s = e.getValue().getShape();
      m.put(e.getKey(), manager.zeros(s));
      v.put(e.getKey(), manager.zeros(s));
    }
  }

  public long step() {
    return step;
  }

  /** Applies one update with learning rate {@code lr} using the accumulated gradients, then zeroes them. */
  public void update(double lr) {
    step++;
    double bc1 = 1 - Math.pow(beta1, step);
    double bc2 = 1 - Math.pow(beta2, step);
    for (Map.Entry<String, NDArray> e : params.all().entrySet()) {
      NDArray p = e.getValue();
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray g = p.getGradient();
        NDArray mi = m.get(e.getKey());
        NDArray vi = v.get(e.getKey());
        mi.muli((float) beta1).addi(g.mul((float) (1 - beta1))); // no grad: the optimizer
        vi.muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
        if (weightDecay > 0 && decays.test(e.getKey())) {
          p.muli((float) (1 - lr * weightDecay));
        }
        NDArray denom = vi.div((float) bc2).sqrt().addi((float) eps); // no grad: the optimizer
        p.subi(mi.div(denom).muli((float) (lr / bc1)));
        JniUtils.zeroGrad((PtNDArray) p);
      }
    }
  }

  /** Zeroes the accumulated gradients without updating (e.g. after a non-finite step). */
  public void zeroGradients() {
    for (NDArray p : params.all().values()) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
  }

  /** The optimizer state as host tensors: {@code m.NAME}, {@code v.NAME}, and the step in {@code step}. */
  public Map<String, TensorData> state() {
    Map<String, TensorData> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put("m." + k, new TensorData(a.getShape().getShape(), a.toFloatArray())));
    v.forEach((k, a) -> out.put("v." + k, new TensorData(a.getShape().getShape(), a.toFloatArray())));
    out.put("step", new TensorData(new long[] {1}, new float[] {Float.intBitsToFloat((int) step)}));
    return out;
  }

  public void loadState(Map<String, TensorData> state, String source) throws CorruptWeightsException {
    for (String k : m.keySet()) {
      TensorData tm = state.get("m." + k);
      TensorData tv = state.get("v." + k);
      if (tm == null || tv == null) {
        throw new CorruptWeightsException(source + ": optimizer state lacks '" + k + "' (checkpoint from another model?)");
      }
      InPlace.write(m.get(k), tm.values());
      InPlace.write(v.get(k), tv.values());
    }
    TensorData s = state.get("step");
    if (s == null) {
      throw new CorruptWeightsException(source + ": optimizer state lacks 'step'");
    }
    step = Float.floatToRawIntBits(s.values()[0]);
  }

  @Override
  public void close() {
    manager.close();
  }
}
