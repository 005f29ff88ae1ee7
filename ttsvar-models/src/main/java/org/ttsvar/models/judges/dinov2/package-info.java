/**
 * DINOv2 ViT-L/14 with registers (facebookresearch/dinov2, {@code dinov2_vitl14_reg4_pretrain.pth}) as
 * the TTS-VAR release uses it for clustering features: {@link Dinov2} (strict loading, sizes from the
 * checkpoint's shapes, {@code x_norm_patchtokens}), {@link Dinov2Preprocessing} (the release's 224 px
 * input) and {@link Dinov2Features} (the {@code pca} and {@code pool} feature extractors). A judge
 * is family-neutral: any model family's search can use it.
 */
package org.ttsvar.models.judges.dinov2;
