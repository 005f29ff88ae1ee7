package org.ttsvar.models.judges.dinov2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ttsvar.models.nn.VisionTransformer;
import org.ttsvar.models.nn.VitConfig;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.NamedTensors;
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.StrictParams;
import org.ttsvar.tensor.pth.PthFile;
import org.ttsvar.world.RgbImage;

/**
 * DINOv2 with registers from its official checkpoint (a plain state dict, as
 * {@code dinov2_vitl14_reg4_pretrain.pth}), as {@code torch.hub.load("facebookresearch/dinov2",
 * "dinov2_vitl14_reg")} builds it: a {@link VisionTransformer} with LayerScale, exact-GELU MLPs, 64-wide
 * heads, R registers, and position embeddings resized from their learned M×M grid by antialiased
 * bicubic interpolation. The output is {@code x_norm_patchtokens}: the final-normed patch tokens.
 *
 * <p>Sizes come from the tensors' shapes (width from {@code cls_token}, depth from the blocks present,
 * patch from {@code patch_embed.proj.weight}, registers from {@code register_tokens}, the MLP from
 * {@code fc1}, heads = width / 64 as in every release), so a tiny file in the same layout loads as the
 * real one does. Loading is strict: a missing, unexpected or mis-shaped tensor is a
 * {@link CorruptWeightsException} naming the file and the tensor.
 */
public final class Dinov2 implements AutoCloseable {
  /** Head width of every DINOv2 release. */
  public static final int HEAD_SIZE = 64;

  private final NDManager manager;
  private final VisionTransformer vit;

  private Dinov2(NDManager manager, VisionTransformer vit) {
    this.manager = manager;
    this.vit = vit;
  }

  /** Loads the checkpoint into a manager of its own under {@code parent} (closed by {@link #close}). */
  public static Dinov2 load(Path file, NDManager parent) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      return load(NamedTensors.of(pth), parent);
    }
  }

  /** As {@link #load(Path, NDManager)}, from any named tensors (a shapes-only source checks a key list). */
  public static Dinov2 load(NamedTensors tensors, NDManager parent) throws IOException {
    NDManager m = parent.newSubManager();
    try {
      return StrictParams.load(tensors, m, p -> {
        VitConfig c = config(p);
        VisionTransformer vit = new VisionTransformer(p, "", c);
        p.create("mask_token", Init.zeros(), 1, c.width()); // used in training only
        return new Dinov2(m, vit);
      });
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The ViT's sizes, read from the checkpoint's shapes. */
  static VitConfig config(StrictParams p) throws CorruptWeightsException {
    if (!p.has("register_tokens")) {
      throw new CorruptWeightsException(p.where() + ": no 'register_tokens': this is not a DINOv2 with registers"
          + " (the TTS-VAR release uses dinov2_vitl14_reg4_pretrain.pth)");
    }
    int width = (int) p.shape("cls_token")[2];
    long[] proj = p.shape("patch_embed.proj.weight"); // (C, 3, P, P)
    int registers = (int) p.shape("register_tokens")[1];
    long positions = p.shape("pos_embed")[1] - 1;
    int grid = (int) Math.round(Math.sqrt(positions));
    if ((long) grid * grid != positions || proj[2] != proj[3] || width % HEAD_SIZE != 0) {
      throw new CorruptWeightsException(p.where() + ": not a DINOv2 layout (pos_embed holds " + positions
          + " patch positions, patch " + proj[2] + "×" + proj[3] + ", width " + width + "; expected a square grid, square patches, width a multiple of " + HEAD_SIZE + ")");
    }
    int depth = 0;
    while (p.has("blocks." + depth + ".norm1.weight")) {
      depth++;
    }
    if (depth == 0) {
      throw new CorruptWeightsException(p.where() + ": missing tensor 'blocks.0.norm1.weight'; is this the right file for this model?");
    }
    int hidden = (int) p.shape("blocks.0.mlp.fc1.weight")[0];
    return new VitConfig(width, depth, width / HEAD_SIZE, (int) proj[2], registers, grid, hidden, true, Resize.Mode.BICUBIC_ANTIALIAS);
  }

  public VitConfig config() {
    return vit.config();
  }

  /** The shared ViT, for per-part checks. */
  public VisionTransformer vit() {
    return vit;
  }

  /** The network input (B, 3, H, W), H and W multiples of the patch → patch tokens (B, h·w, C). */
  public NDArray patchTokens(NDArray pixels) {
    NDArray tokens = vit.forward(pixels); // (B, 1 + R + h·w, C)
    return tokens.get(new NDIndex(":, {}:", 1 + vit.config().registers())); // (B, h·w, C)
  }

  /** Images of one size, preprocessed as the release → patch tokens (B, 256, C), in {@code manager}. */
  public NDArray patchTokens(NDManager manager, List<RgbImage> images) {
    return patchTokens(Dinov2Preprocessing.pixels(manager, images));
  }

  @Override
  public void close() {
    manager.close();
  }
}
