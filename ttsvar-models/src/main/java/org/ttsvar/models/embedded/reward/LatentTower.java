package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import org.ttsvar.models.nn.Conv2d;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * The value head's input tower: a generator's accumulated code map (B, d, g, g), already on the
 * patch grid, through three 3×3 convolutions with SiLU to patch tokens (B, g², C), plus a learned
 * position embedding and an embedding of how many scales the path has done (a code map after scale
 * 2 is a blur that will sharpen; after the last scale it is the image).
 */
final class LatentTower {
  private final Conv2d in, mid, refine;
  private final NDArray pos; // (g², C)
  private final NDArray scaleEmbed; // (K, C)
  private final LayerNorm norm;

  LatentTower(Params p, String name, RewardConfig c) {
    int w = c.width();
    in = new Conv2d(p, name + ".conv.0", c.latent().channels(), w / 2, 3, 1);
    mid = new Conv2d(p, name + ".conv.1", w / 2, w, 3, 1);
    refine = new Conv2d(p, name + ".refine", w, w, 3, 1);
    int g = c.gridSize();
    pos = p.create(name + ".pos_embed", Init.normal(0.02), (long) g * g, w);
    scaleEmbed = p.create(name + ".scale_embed", Init.normal(0.02), c.latent().scales(), w);
    norm = new LayerNorm(p, name + ".norm", w);
  }

  /** Code maps (B, d, g, g) and the scale index each was taken after (B, int64) → patch tokens (B, g², C). */
  NDArray forward(NDArray codes, NDArray scales) {
    NDArray x = refine.forward(Nn.silu(mid.forward(Nn.silu(in.forward(codes)))));
    long b = x.getShape().get(0), c = x.getShape().get(1);
    NDArray tokens = x.reshape(b, c, -1).transpose(0, 2, 1).add(pos); // (B, g², C)
    return norm.forward(tokens.add(scaleEmbed.get(scales).expandDims(1)));
  }
}
