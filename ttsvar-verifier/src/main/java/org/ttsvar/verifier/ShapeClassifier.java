package org.ttsvar.verifier;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ttsvar.world.ShapeClass;

/**
 * Nearest-neighbour shape classifier over {@link ShapeFeatures}, with a confidence that says both
 * "which class" and "is this an object at all":
 *
 * <pre>
 *   d_c   = distance to the nearest training example of class c
 *   p     = softmax_c(−d_c² / τ) at the best class          (how clearly it beats the others)
 *   fit   = 1 / (1 + exp((d_best − D) / s))                 (how close it is to any real example)
 *   conf  = p · fit
 * </pre>
 *
 * Real objects, even blurred, noisy or resampled, lie close to a training example of their class and
 * far from the others, so both factors are near 1; merged blobs, fragments and other garbage lie far
 * from every example and get a low {@code fit}. τ, D and s are set from the measured distances (see
 * the constants).
 */
public final class ShapeClassifier {
  /*
   * Measured on the shipped prompt set (4 renders per prompt), clean and degraded (blur σ = 0.8 and
   * 1.2 px, noise σ = 8 and 12 levels, 2× down/up): real objects lie at most ≈ 0.7 from their nearest
   * same-class example (median ≈ 0.2), and at least ≈ 1.15 from every other class. Garbage (merged
   * blobs, fragments, bars) mostly lies beyond 2.
   */
  /**
   * Softmax temperature on squared distances: with the worst real case (0.55 vs 1.15, a difference of
   * squares ≈ 1.0) the class is still ≥ 97 % certain; an even tie gives 0.5, above GenEval's 0.3 but
   * below its 0.9 for counting.
   */
  static final double TEMPERATURE = 0.25;
  /** Distance to the nearest example at which the fit factor is one half (≈ 1.5× the worst real object). */
  static final double FIT_DISTANCE = 1.1;
  /** Softness of the fit factor: fit > 0.9 below ≈ 0.88, < 0.02 beyond 1.5. */
  static final double FIT_SCALE = 0.1;

  /**
   * A classification: the class, the confidence, and the distances it came from.
   *
   * @param shape the nearest class
   * @param confidence {@code p · fit}, in [0, 1]
   * @param nearest distance to the nearest example of {@code shape}
   * @param runnerUp distance to the nearest example of any other class
   * @param second the class of that example
   */
  public record Prediction(ShapeClass shape, double confidence, double nearest, double runnerUp, ShapeClass second) {}

  private final double[][] examples;
  private final ShapeClass[] labels;

  ShapeClassifier(List<double[]> examples, List<ShapeClass> labels) {
    if (examples.size() != labels.size() || examples.isEmpty()) {
      throw new IllegalArgumentException("need as many labels as examples (≥ 1), got " + examples.size() + " and " + labels.size());
    }
    this.examples = examples.toArray(new double[0][]);
    this.labels = labels.toArray(new ShapeClass[0]);
    for (double[] e : this.examples) {
      if (e.length != ShapeFeatures.LENGTH) {
        throw new IllegalArgumentException("feature vectors must have " + ShapeFeatures.LENGTH + " entries, got " + e.length);
      }
    }
  }

  int size() {
    return examples.length;
  }

  Prediction classify(double[] features) {
    Objects.requireNonNull(features, "features");
    ShapeClass[] classes = ShapeClass.values();
    double[] nearest = new double[classes.length];
    Arrays.fill(nearest, Double.MAX_VALUE);
    for (int i = 0; i < examples.length; i++) {
      int c = labels[i].ordinal();
      double bound = nearest[c];
      double[] e = examples[i];
      double s = 0;
      for (int k = 0; k < e.length && s < bound; k++) {
        double d = e[k] - features[k];
        s += d * d;
      }
      if (s < bound) {
        nearest[c] = s;
      }
    }
    int best = 0;
    for (int c = 1; c < classes.length; c++) {
      if (nearest[c] < nearest[best]) {
        best = c;
      }
    }
    double runnerUp = Double.MAX_VALUE;
    ShapeClass second = null;
    double partition = 0;
    for (int c = 0; c < classes.length; c++) {
      if (nearest[c] == Double.MAX_VALUE) {
        continue;
      }
      partition += Math.exp(-(nearest[c] - nearest[best]) / TEMPERATURE);
      if (c != best) {
        if (nearest[c] < runnerUp) {
          runnerUp = nearest[c];
          second = classes[c];
        }
      }
    }
    double distance = Math.sqrt(nearest[best]);
    double fit = 1 / (1 + Math.exp((distance - FIT_DISTANCE) / FIT_SCALE));
    double confidence = fit / partition;
    return new Prediction(classes[best], confidence, distance, runnerUp == Double.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.sqrt(runnerUp), second);
  }
}
