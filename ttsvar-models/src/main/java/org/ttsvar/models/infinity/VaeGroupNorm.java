package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Nn;

/**
 * The reference's {@code Normalize}: GroupNorm with eps 1e-6 and affine parameters, 32 groups when the
 * channels divide by 32, else 24 (the group count is not stored in the checkpoint; this is its rule).
 */
record VaeGroupNorm(NDArray gamma, NDArray beta, int groups) {
  static final float EPS = 1e-6f;

  static VaeGroupNorm load(Weights w, String name, long channels) throws IOException {
    int groups = channels % 32 == 0 ? 32 : channels % 24 == 0 ? 24 : 0;
    if (groups == 0) {
      throw new CorruptWeightsException(w.where() + ": '" + name + "' normalises " + channels
          + " channels; the reference's GroupNorm needs a multiple of 32 or 24");
    }
    return new VaeGroupNorm(w.get(name + ".norm.weight", channels), w.get(name + ".norm.bias", channels), groups);
  }

  /** (B, C, H, W) → (B, C, H, W). */
  NDArray forward(NDArray x) {
    return Nn.groupNorm(x, groups, gamma, beta, EPS);
  }
}
