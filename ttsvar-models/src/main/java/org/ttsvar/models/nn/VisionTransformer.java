package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.ParamSource;

/**
 * A ViT image encoder in the DINOv2/timm layout: patch embedding, a class token, learned position
 * embeddings (resized to the image's patch grid), optional register tokens, pre-LN blocks, a final
 * LayerNorm.
 *
 * <pre>
 * x = [cls, patches(pixels)] + positions(h, w)     (B, 1 + h·w, C)
 * x = [x₀, registers, x₁…]                          (B, 1 + R + h·w, C)   registers get no position
 * x = norm(blocks(x))
 * </pre>
 *
 * Parameters (under {@code PREFIX}): {@code cls_token} (1, 1, C), {@code pos_embed} (1, 1 + M², C),
 * {@code register_tokens} (1, R, C) when R > 0, {@code patch_embed.proj}, {@code blocks.i.*}, {@code norm}.
 *
 * <p>Dimension letters: B images, C width, h×w patch grid, R registers, M the learned position grid.
 */
public final class VisionTransformer {
  private final VitConfig config;
  private final NDArray clsToken;
  private final PositionEmbedding positions;
  private final NDArray registerTokens;
  private final PatchEmbed patchEmbed;
  private final List<VitBlock> blocks = new ArrayList<>();
  private final LayerNorm norm;

  public VisionTransformer(ParamSource p, String prefix, VitConfig c) {
    this.config = c;
    clsToken = p.create(prefix + "cls_token", Init.normal(1e-6), 1, 1, c.width());
    positions = new PositionEmbedding(p, prefix + "pos_embed", c.positionGrid(), c.width(), c.positionResize());
    registerTokens = c.registers() > 0 ? p.create(prefix + "register_tokens", Init.normal(1e-6), 1, c.registers(), c.width()) : null;
    patchEmbed = new PatchEmbed(p, prefix + "patch_embed", 3, c.width(), c.patch());
    for (int i = 0; i < c.depth(); i++) {
      blocks.add(new VitBlock(p, prefix + "blocks." + i, c.width(), c.heads(), c.mlpHidden(), c.layerScale()));
    }
    norm = new LayerNorm(p, prefix + "norm", c.width());
  }

  public VitConfig config() {
    return config;
  }

  /** pixels (B, 3, H, W) → final-normed tokens (B, 1 + R + h·w, C): class token, registers, patches. */
  public NDArray forward(NDArray pixels) {
    NDArray x = embed(pixels); // (B, 1 + R + h·w, C)
    x = LayerByLayer.apply(x, blocks, VitBlock::forward); // (B, 1 + R + h·w, C)
    return norm.forward(x); // (B, 1 + R + h·w, C)
  }

  /** The tokens the blocks take: pixels (B, 3, H, W) → (B, 1 + R + h·w, C). */
  public NDArray embed(NDArray pixels) {
    Shape s = pixels.getShape();
    long b = s.get(0), c = config.width();
    int h = (int) (s.get(2) / config.patch()), w = (int) (s.get(3) / config.patch());
    NDManager m = pixels.getManager();
    NDArray patches = patchEmbed.forward(pixels); // (B, h·w, C)
    NDArray cls = copyInto(m, clsToken).broadcast(b, 1, c); // (B, 1, C)
    NDArray x = cls.concat(patches, 1).add(positions.forGrid(m, h, w)); // (B, 1 + h·w, C)
    if (registerTokens == null) {
      return x;
    }
    NDArray regs = copyInto(m, registerTokens).broadcast(b, config.registers(), c); // (B, R, C)
    return x.get(new NDIndex(":, :1")).concat(regs, 1).concat(x.get(new NDIndex(":, 1:")), 1); // (B, 1 + R + h·w, C)
  }

  /** A copy of a parameter in the data's manager, so that what is computed from it lives there too. */
  static NDArray copyInto(NDManager manager, NDArray parameter) {
    NDArray copy = parameter.duplicate();
    copy.attach(manager);
    return copy;
  }

  public PatchEmbed patchEmbed() {
    return patchEmbed;
  }

  public PositionEmbedding positions() {
    return positions;
  }

  public VitBlock block(int i) {
    return blocks.get(i);
  }
}
