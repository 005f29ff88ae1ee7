package org.ttsvar.models.nn;

import org.ttsvar.tensor.Resize;

/**
 * The sizes of a ViT ({@link VisionTransformer}).
 *
 * @param width token width C
 * @param depth number of blocks
 * @param heads attention heads (C / heads per head)
 * @param patch patch side P in pixels
 * @param registers register tokens R after the class token (DINOv2-reg: 4; 0 for none)
 * @param positionGrid side M of the square grid the position embeddings were learned for
 * @param mlpHidden the MLP's hidden width
 * @param layerScale whether blocks scale their branches by LayerScale
 * @param positionResize how the position grid is resized to another patch grid
 */
public record VitConfig(int width, int depth, int heads, int patch, int registers, int positionGrid, int mlpHidden, boolean layerScale, Resize.Mode positionResize) {
  public VitConfig {
    if (width < 1 || depth < 1 || heads < 1 || patch < 1 || registers < 0 || positionGrid < 1 || mlpHidden < 1) {
      throw new IllegalArgumentException("ViT sizes must be positive (registers ≥ 0): " + this);
    }
    if (width % heads != 0) {
      throw new IllegalArgumentException("ViT width " + width + " is not divisible into " + heads + " heads");
    }
  }
}
