package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.nn.Conv2d;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * A small CNN: stride-2 convolutions with SiLU, one more 3×3 convolution at the patch grid (shapes
 * need more than one layer there), then patch tokens (B, g², C) with a learned position embedding.
 */
final class ImageTower {
  private final List<Conv2d> convs = new ArrayList<>(); // stride 2, then the stride-1 refinement
  private final NDArray pos; // (g², C)
  private final LayerNorm norm;

  ImageTower(Params p, String name, RewardConfig c) {
    int in = 3;
    for (int i = 0; i < c.imageChannels().size(); i++) {
      convs.add(new Conv2d(p, name + ".conv." + i, in, c.imageChannels().get(i), 3, 2));
      in = c.imageChannels().get(i);
    }
    convs.add(new Conv2d(p, name + ".refine", in, in, 3, 1));
    int g = c.gridSize();
    pos = p.create(name + ".pos_embed", Init.normal(0.02), (long) g * g, c.width());
    norm = new LayerNorm(p, name + ".norm", c.width());
  }

  /** Images (B, 3, H, W) in [0, 1] → patch tokens (B, g², C). */
  NDArray forward(NDArray images) {
    NDArray x = images.mul(2f).sub(1f); // no grad: the input images
    for (int i = 0; i < convs.size(); i++) {
      x = convs.get(i).forward(x);
      if (i < convs.size() - 1) {
        x = Nn.silu(x);
      }
    }
    long b = x.getShape().get(0), c = x.getShape().get(1);
    NDArray tokens = x.reshape(b, c, -1).transpose(0, 2, 1).add(pos); // (B, g², C)
    return norm.forward(tokens);
  }
}
