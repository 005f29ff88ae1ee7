package org.ttsvar.models.embedded.reward;

/**
 * What a training example's image is, drawn in these shares: the images the search scores range
 * from clean renders to blurry partial decodes and the generator's own textures.
 */
enum ImageVariant {
  /** The clean render (25%). */
  RENDER,
  /** A degraded render: blur, noise or 2× down/up (25%). */
  DEGRADED,
  /** The tokenizer's reconstruction (25%). */
  RECONSTRUCTION,
  /** The tokenizer's partial decode after an earlier scale (15%). */
  PARTIAL_DECODE,
  /** The generator's completion of the scene's coarse codes (10%; a render without a generator). */
  COMPLETION;

  /** The variant of a uniform draw u in [0, 1). */
  static ImageVariant of(double u) {
    return u < 0.25 ? RENDER : u < 0.50 ? DEGRADED : u < 0.75 ? RECONSTRUCTION : u < 0.90 ? PARTIAL_DECODE : COMPLETION;
  }

  /** Whether the image goes through the tokenizer (and, for a completion, the generator) when the batch is built. */
  boolean viaTokenizer(boolean withGenerator) {
    return this == RECONSTRUCTION || this == PARTIAL_DECODE || (this == COMPLETION && withGenerator);
  }

  /** Whether a malformed negative may replace this image: later variants would hide or repair the malformation. */
  boolean showsShapes() {
    return ordinal() <= RECONSTRUCTION.ordinal();
  }
}
