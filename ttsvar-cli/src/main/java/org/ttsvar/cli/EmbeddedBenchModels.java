package org.ttsvar.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.bench.BenchModels;
import org.ttsvar.models.EmbeddedModels;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.world.RgbImage;

/** The embedded DJL models seen by the benchmark; rewards include the verifier as the labelled oracle. */
final class EmbeddedBenchModels implements BenchModels {
  private final EmbeddedModels models;
  private final String description;
  private final Map<String, Reward> rewards = new HashMap<>();
  private final Map<String, FeatureExtractor> extractors = new HashMap<>();

  EmbeddedBenchModels(EmbeddedModels models, String description) {
    this.models = models;
    this.description = description;
  }

  @Override
  public PathGenerator generator() {
    return models.generator();
  }

  @Override
  public SearchDefaults searchDefaults() {
    return models.searchDefaults();
  }

  @Override
  public Reward reward(String name) {
    return rewards.computeIfAbsent(Rewards.canonical(name), key -> {
      try {
        return Rewards.create(key, models);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public FeatureExtractor extractor(String name) {
    return extractors.computeIfAbsent(name, key -> {
      try {
        return models.extractor(key);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public String defaultReward() {
    return "ir";
  }

  /** The reward model's image tower (the supervised extractor), as the paper's CLIP-Div uses CLIP's. */
  @Override
  public double[][] embed(List<RgbImage> images) {
    return extractor("supervised").extract(images, null);
  }

  @Override
  public String describe() {
    return description + " search=" + models.searchDefaults();
  }
}
