package org.ttsvar.verifier;

import java.util.List;

/**
 * The result of {@link Segmenter#segment}: the image's pixels, its estimated background, and its
 * blobs with a label map ({@code labels[p]} = the blob's label, {@link #BACKGROUND} or
 * {@link #DISCARDED} for foreground specks too small to be objects).
 */
final class Segmentation {
  static final int BACKGROUND = -1;
  static final int DISCARDED = -2;

  private final int width;
  private final int height;
  private final int[] rgb;
  private final double[] background;
  private final int[] labels;
  private final List<Blob> blobs;

  Segmentation(int width, int height, int[] rgb, double[] background, int[] labels, List<Blob> blobs) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
    this.background = background;
    this.labels = labels;
    this.blobs = List.copyOf(blobs);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  int rgbAt(int p) {
    return rgb[p];
  }

  double[] background() {
    return background.clone();
  }

  int labelAt(int p) {
    return labels[p];
  }

  List<Blob> blobs() {
    return blobs;
  }

  /**
   * How much of colour {@code objectRgb} pixel {@code p} holds, assuming it is a blend of that colour
   * and the background: the projection of (pixel − background) on (colour − background), clamped to
   * [0, 1]. Anti-aliased and blurred edges get fractional values, so a box taken at 0.5 sits where the
   * edge is.
   */
  double alpha(int p, int objectRgb) {
    double dr = ((objectRgb >> 16) & 0xff) - background[0];
    double dg = ((objectRgb >> 8) & 0xff) - background[1];
    double db = (objectRgb & 0xff) - background[2];
    double norm = dr * dr + dg * dg + db * db;
    if (norm < 1) {
      return 0;
    }
    int v = rgb[p];
    double a = ((((v >> 16) & 0xff) - background[0]) * dr + (((v >> 8) & 0xff) - background[1]) * dg + ((v & 0xff) - background[2]) * db) / norm;
    return Math.max(0, Math.min(1, a));
  }
}
