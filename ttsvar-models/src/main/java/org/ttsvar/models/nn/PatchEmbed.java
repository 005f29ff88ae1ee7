package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.ParamSource;

/**
 * A ViT's patch embedding: non-overlapping P×P patches, each projected to C channels by a convolution
 * with kernel = stride = P ({@code NAME.proj}), then flattened to tokens row-major over the grid.
 *
 * <p>Dimension letters: B images, H×W pixels, h = H/P, w = W/P, C width.
 */
public final class PatchEmbed {
  private final int patch;
  private final NDArray weight;
  private final NDArray bias;

  public PatchEmbed(ParamSource p, String name, int channels, int width, int patch) {
    this.patch = patch;
    this.weight = p.create(name + ".proj.weight", Init.fanIn(1.0), width, channels, patch, patch);
    this.bias = p.create(name + ".proj.bias", Init.zeros(), width);
  }

  public int patch() {
    return patch;
  }

  /** pixels (B, 3, H, W), H and W multiples of P → tokens (B, h·w, C). */
  public NDArray forward(NDArray pixels) {
    Shape s = pixels.getShape();
    if (s.get(2) % patch != 0 || s.get(3) % patch != 0) {
      throw new IllegalArgumentException("image of " + s.get(3) + "×" + s.get(2) + " pixels is not a whole number of " + patch + "-pixel patches");
    }
    NDArray grid = Nn.conv2d(pixels, weight, bias, patch, 0); // (B, C, h, w)
    Shape g = grid.getShape();
    return grid.reshape(g.get(0), g.get(1), g.get(2) * g.get(3)).transpose(0, 2, 1); // (B, h·w, C)
  }
}
