package org.ttsvar.models.embedded.features;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.LatentFeatures;
import org.ttsvar.search.LatentPcaFeatures;
import org.ttsvar.search.PcaProjection;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.tensor.Engines;
import org.ttsvar.world.RgbImage;

/**
 * The feature extractors of clustering-based diversity search (the {@code extractor} setting):
 *
 * <ul>
 *   <li>{@code pca}: the tokenizer encoder's patch features (our DINOv2), first principal component
 *       per image with a fixed sign, one number per patch;
 *   <li>{@code pool}: the mean patch feature;
 *   <li>{@code supervised}: the reward model's pooled image embedding (our Inception);
 *   <li>{@code latent}: the accumulated code map itself, which needs no decode (beyond the paper);
 *   <li>{@code latent-pca}: {@code pca}'s one number per patch, taken from the code map's positions
 *       instead of the encoded decode (no decode, no encoder; beyond the paper).
 * </ul>
 */
public final class Extractors {
  public static final List<String> NAMES = List.of("pca", "pool", "supervised", "latent", "latent-pca");

  private Extractors() {}

  public static FeatureExtractor create(String name, Tokenizer tokenizer, RewardModel supervisedSource) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "pca" -> new ImageFeatures("pca", images -> patchFeatures(tokenizer, images), Extractors::pca);
      case "pool" -> new ImageFeatures("pool", images -> patchFeatures(tokenizer, images), Extractors::pool);
      case "supervised" -> {
        if (supervisedSource == null) {
          throw new SearchSettingException(SearchSetting.EXTRACTOR, "'supervised' needs a reward model's image tower");
        }
        yield new ImageFeatures("supervised", images -> embedding(supervisedSource, images), rows -> rows[0]);
      }
      case "latent" -> new LatentFeatures();
      case "latent-pca" -> new LatentPcaFeatures(tokenizer.config().bits());
      default -> throw new SearchSettingException(SearchSetting.EXTRACTOR, "unknown feature extractor '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  /** Per image: patches × channels. */
  static double[][][] patchFeatures(Tokenizer tokenizer, List<RgbImage> images) {
    Engines.inferenceMode();
    NDManager m = tokenizer.params().manager();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray f = tokenizer.encoderFeatures(batch(m, images)); // (B, C, h, w)
      Shape s = f.getShape();
      int b = (int) s.get(0), c = (int) s.get(1), p = (int) (s.get(2) * s.get(3));
      float[] v = f.toFloatArray();
      double[][][] out = new double[b][p][c];
      for (int i = 0; i < b; i++) {
        for (int ch = 0; ch < c; ch++) {
          for (int q = 0; q < p; q++) {
            out[i][q][ch] = v[(i * c + ch) * p + q];
          }
        }
      }
      return out;
    }
  }

  static double[][][] embedding(RewardModel model, List<RgbImage> images) {
    Engines.inferenceMode();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray e = model.embedding(batch(model.params().manager(), images)); // (B, C)
      int b = images.size();
      int c = (int) e.getShape().get(1);
      float[] v = e.toFloatArray();
      double[][][] out = new double[b][1][c];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < c; j++) {
          out[i][0][j] = v[i * c + j];
        }
      }
      return out;
    }
  }

  static NDArray batch(NDManager m, List<RgbImage> images) {
    return ImageBatch.toArray(m, images);
  }

  static double[] pca(double[][] patches) {
    return PcaProjection.project(patches);
  }

  static double[] pool(double[][] patches) {
    double[] mean = new double[patches[0].length];
    for (double[] p : patches) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += p[j] / patches.length;
      }
    }
    return mean;
  }

  /** An extractor over decoded images: a per-image feature map, reduced to one vector. */
  private record ImageFeatures(String name, Function<List<RgbImage>, double[][][]> maps, Function<double[][], double[]> reduce) implements FeatureExtractor {
    @Override
    public boolean needsImages() {
      return true;
    }

    @Override
    public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
      double[][][] m = maps.apply(images);
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = reduce.apply(m[i]);
      }
      return out;
    }
  }

  /** The code map f̂ as the feature: no decode. */
}
