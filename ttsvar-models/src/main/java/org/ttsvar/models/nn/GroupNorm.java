package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/** GroupNorm with per-channel affine parameters (PyTorch semantics, eps 1e-6 as in Infinity's VAE). */
public final class GroupNorm {
  private final NDArray gamma;
  private final NDArray beta;
  private final int groups;

  public GroupNorm(Params p, String name, int channels, int groups) {
    this.gamma = p.create(name + ".weight", Init.ones(), channels);
    this.beta = p.create(name + ".bias", Init.zeros(), channels);
    this.groups = groups;
  }

  public NDArray forward(NDArray x) {
    return Nn.groupNorm(x, groups, gamma, beta, 1e-6f);
  }
}
