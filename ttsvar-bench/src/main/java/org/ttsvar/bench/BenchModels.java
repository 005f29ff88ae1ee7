package org.ttsvar.bench;

import java.util.List;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.world.RgbImage;

/**
 * What the benchmark needs from a model, whatever runs it: the generator, its recommended search
 * settings, rewards and feature extractors by name, and an image embedding for diversity. The
 * command line adapts the embedded DJL models to this; tests use pure-Java stand-ins.
 */
public interface BenchModels {
  PathGenerator generator();

  SearchDefaults searchDefaults();

  /** The reward the search uses, by registry name ({@code ir}, {@code clip}, {@code ensemble}, {@code oracle}). */
  Reward reward(String name);

  /** A feature extractor by name ({@code pca}, {@code pool}, {@code supervised}, {@code latent}). */
  FeatureExtractor extractor(String name);

  /** The reward the benchmark reports for every final image (the default search reward). */
  String defaultReward();

  /** One embedding per image, for the diversity of a prompt's images (the paper's CLIP-Div). */
  double[][] embed(List<RgbImage> images);

  /** A one-line description of the models (names, weight files), recorded in the manifest. */
  String describe();
}
