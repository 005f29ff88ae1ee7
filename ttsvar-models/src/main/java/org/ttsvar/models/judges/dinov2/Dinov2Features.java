package org.ttsvar.models.judges.dinov2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PcaProjection;
import org.ttsvar.tensor.Engines;
import org.ttsvar.world.RgbImage;

/**
 * The TTS-VAR release's clustering features on DINOv2 patch tokens ({@code extract_k_ids}), computed
 * in batches of at most {@code batchSize} images:
 *
 * <ul>
 *   <li>{@code pca}: per image, the patch tokens (256 × C) centred over the patches and projected on
 *       their first principal direction: one number per patch (256). The release leaves the sign to
 *       SVD; here it is {@link PcaProjection}'s fixed sign, so identical layouts land together.
 *   <li>{@code pool}: the mean patch token (C).
 * </ul>
 */
public final class Dinov2Features implements FeatureExtractor {
  private final Dinov2 model;
  private final boolean pca;
  private final int batchSize;

  private Dinov2Features(Dinov2 model, boolean pca, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    this.model = model;
    this.pca = pca;
    this.batchSize = batchSize;
  }

  /** The {@code pca} extractor. */
  public static Dinov2Features pca(Dinov2 model, int batchSize) {
    return new Dinov2Features(model, true, batchSize);
  }

  /** The {@code pool} extractor. */
  public static Dinov2Features pool(Dinov2 model, int batchSize) {
    return new Dinov2Features(model, false, batchSize);
  }

  @Override
  public String name() {
    return pca ? "pca" : "pool";
  }

  @Override
  public boolean needsImages() {
    return true;
  }

  @Override
  public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
    Engines.inferenceMode();
    double[][] out = new double[images.size()][];
    for (int from = 0; from < images.size(); from += batchSize) {
      List<RgbImage> batch = images.subList(from, Math.min(images.size(), from + batchSize));
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray tokens = model.patchTokens(m, batch); // (b, P, C)
        double[][] features = pca ? principalProjections(tokens) : rows(tokens.mean(new int[] {1})); // (b, P) or (b, C)
        System.arraycopy(features, 0, out, from, features.length);
      }
    }
    return out;
  }

  /** tokens (b, P, C) → per image the sign-fixed projection of its centred tokens on their first principal direction (b, P). */
  private static double[][] principalProjections(NDArray tokens) {
    Shape s = tokens.getShape();
    int b = (int) s.get(0), p = (int) s.get(1), c = (int) s.get(2);
    float[] v = tokens.toFloatArray();
    double[][] out = new double[b][];
    for (int i = 0; i < b; i++) {
      double[][] patches = new double[p][c];
      for (int q = 0; q < p; q++) {
        for (int j = 0; j < c; j++) {
          patches[q][j] = v[(i * p + q) * c + j];
        }
      }
      out[i] = PcaProjection.project(patches);
    }
    return out;
  }

  /** x (b, C) → b rows. */
  private static double[][] rows(NDArray x) {
    int b = (int) x.getShape().get(0), c = (int) x.getShape().get(1);
    float[] v = x.toFloatArray();
    double[][] out = new double[b][c];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < c; j++) {
        out[i][j] = v[i * c + j];
      }
    }
    return out;
  }
}
