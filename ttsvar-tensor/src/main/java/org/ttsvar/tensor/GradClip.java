package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Global-norm gradient clipping (PyTorch's {@code clip_grad_norm_}): if the L2 norm of all gradients
 * together exceeds {@code maxNorm}, every gradient is scaled by {@code maxNorm / norm}. DJL's
 * {@code optClipGrad} clamps elementwise, which changes gradient directions.
 */
public final class GradClip {
  private GradClip() {}

  /** Clips in place and returns the norm before clipping (NaN or ∞ if a gradient is not finite; then nothing is scaled). */
  public static double clipGlobalNorm(Collection<NDArray> params, double maxNorm) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      List<NDArray> grads = new ArrayList<>();
      NDList squares = new NDList();
      for (NDArray p : params) {
        if (p.hasGradient()) {
          NDArray g = p.getGradient();
          grads.add(g);
          squares.add(g.square().sum());
        }
      }
      if (grads.isEmpty()) {
        return 0;
      }
      double norm = Math.sqrt(NDArrayUtil.stackSum(squares));
      if (Double.isFinite(norm) && norm > maxNorm) {
        float factor = (float) (maxNorm / (norm + 1e-6));
        for (NDArray g : grads) {
          g.muli(factor);
        }
      }
      return norm;
    }
  }
}
