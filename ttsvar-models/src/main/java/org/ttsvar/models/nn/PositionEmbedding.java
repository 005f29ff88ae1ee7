package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.ParamSource;
import org.ttsvar.tensor.Resize;

/**
 * A ViT's learned position embeddings ({@code NAME}, shape (1, 1 + M·M, C)): the class token's, then
 * an M×M grid's, row-major. For another patch grid h×w the grid part is resized as an image with C
 * channels (DINOv2 with registers: bicubic with antialiasing, {@code interpolate_offset} 0, computed in
 * float32); the class token's is kept.
 */
public final class PositionEmbedding {
  private final NDArray table;
  private final int grid;
  private final int width;
  private final Resize.Mode resize;

  public PositionEmbedding(ParamSource p, String name, int grid, int width, Resize.Mode resize) {
    this.table = p.create(name, Init.normal(0.02), 1, 1 + (long) grid * grid, width);
    this.grid = grid;
    this.width = width;
    this.resize = resize;
  }

  /** The embeddings of an h×w patch grid: (1, 1 + h·w, C), made in {@code manager} (the data's). */
  public NDArray forGrid(NDManager manager, int h, int w) {
    NDArray table = VisionTransformer.copyInto(manager, this.table); // (1, 1 + M·M, C)
    if (h == grid && w == grid) {
      return table;
    }
    NDArray cls = table.get(new NDIndex(":, :1")); // (1, 1, C)
    NDArray square = table.get(new NDIndex(":, 1:")).reshape(1, grid, grid, width).transpose(0, 3, 1, 2); // (1, C, M, M)
    NDArray resized = Resize.resize(square, resize, h, w); // (1, C, h, w)
    NDArray patches = resized.transpose(0, 2, 3, 1).reshape(1, (long) h * w, width); // (1, h·w, C)
    return cls.concat(patches, 1); // (1, 1 + h·w, C)
  }
}
