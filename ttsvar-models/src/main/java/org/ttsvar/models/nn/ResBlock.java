package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * The VAE residual block of Infinity/VAR/LDM: {@code x + conv(silu(norm(conv(silu(norm(x))))))},
 * with a 1×1 projection on the skip when the width changes.
 */
public final class ResBlock {
  private final GroupNorm norm1;
  private final Conv2d conv1;
  private final GroupNorm norm2;
  private final Conv2d conv2;
  private final Conv2d skip;

  public ResBlock(Params p, String name, int in, int out, int groups) {
    this.norm1 = new GroupNorm(p, name + ".norm1", in, groups);
    this.conv1 = new Conv2d(p, name + ".conv1", in, out, 3, 1);
    this.norm2 = new GroupNorm(p, name + ".norm2", out, groups);
    this.conv2 = new Conv2d(p, name + ".conv2", out, out, 3, 1);
    this.skip = in == out ? null : new Conv2d(p, name + ".skip", in, out, 1, 1);
  }

  public NDArray forward(NDArray x) {
    NDArray h = conv1.forward(Nn.silu(norm1.forward(x)));
    h = conv2.forward(Nn.silu(norm2.forward(h)));
    return (skip == null ? x : skip.forward(x)).add(h);
  }
}
