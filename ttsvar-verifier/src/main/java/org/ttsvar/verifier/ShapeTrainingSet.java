package org.ttsvar.verifier;

import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ttsvar.world.Degradations;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.WorldConfig;

/**
 * Trains the shape classifier at first use, deterministically, from renders of the world: for each
 * class, {@value #PER_CLASS} single objects of random size, position and colour, a fixed share of
 * them blurred, noised or resampled with random strengths around what a learned decoder produces.
 * Each render goes through the same segmentation as real images, so the classifier learns exactly
 * the features it will be asked about. The seeds come from a stream of their own, disjoint from the
 * seeds {@code ttsvar render} uses.
 */
final class ShapeTrainingSet {
  static final int PER_CLASS = 80;
  static final int TRAINING_CANVAS = 32;
  static final long SEED = 0x5EED_C1A551F1L;

  private ShapeTrainingSet() {}

  static ShapeClassifier train() {
    return train(PER_CLASS, SEED);
  }

  static ShapeClassifier train(int perClass, long seed) {
    WorldConfig d = WorldConfig.DEFAULT;
    // The largest object (24 px) with its margins fits a 32 px canvas, a quarter of the pixels to process.
    SceneSampler sampler =
        new SceneSampler(new WorldConfig(TRAINING_CANVAS, d.background(), d.minSize(), d.maxSizeFew(), d.maxSizeMany(), d.margin(), d.gap(), d.colourJitter(), d.relationMargin()));
    ShapeClass[] classes = ShapeClass.values();
    // Each example depends only on its own seed, so building them in parallel gives the same list.
    List<double[]> features =
        IntStream.range(0, classes.length * perClass)
            .parallel()
            .mapToObj(k -> example(sampler, classes[k / perClass], k % perClass, seed))
            .toList();
    List<ShapeClass> labels = IntStream.range(0, classes.length * perClass).mapToObj(k -> classes[k / perClass]).toList();
    return new ShapeClassifier(features, labels);
  }

  /** The features of example {@code i} of a class: its render's largest blob. */
  private static double[] example(SceneSampler sampler, ShapeClass shape, int i, long seed) {
    long s = Seeds.derive(seed, shape.ordinal(), i);
    RgbImage image = degrade(Renderer.render(sampler.sample(Grammar.singleObject(shape), s)), i, new SplittableRandom(s));
    Segmentation seg = Segmenter.segment(image);
    Blob blob =
        seg.blobs().stream()
            .max(Comparator.comparingInt(Blob::area))
            .orElseThrow(() -> new IllegalStateException("training render " + shape.noun() + " #" + i + " has no foreground; the world's colours or background changed"));
    return ShapeFeatures.of(SoftMask.of(seg, blob));
  }

  /** Example {@code i} is clean, blurred, noisy, resampled, or blurred and noisy, in turn. */
  private static RgbImage degrade(RgbImage image, int i, SplittableRandom rng) {
    return switch (i % 5) {
      case 0 -> image;
      case 1 -> Degradations.gaussianBlur(image, 0.4 + 0.7 * rng.nextDouble());
      case 2 -> Degradations.addNoise(image, 3 + 8 * rng.nextDouble(), rng.nextLong());
      case 3 -> Degradations.downUp(image);
      default -> Degradations.addNoise(Degradations.gaussianBlur(image, 0.4 + 0.6 * rng.nextDouble()), 2 + 6 * rng.nextDouble(), rng.nextLong());
    };
  }
}
