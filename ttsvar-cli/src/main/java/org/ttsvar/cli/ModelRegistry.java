package org.ttsvar.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.bench.BenchModels;
import org.ttsvar.bench.studies.OracleReward;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.reward.EnsembleReward;
import org.ttsvar.models.embedded.reward.LearnedReward;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.RgbImage;

/**
 * The command line's view of the models: the embedded family's registry of rewards and extractors
 * (resolved by {@link EmbeddedModels}), plus the verifier as the labelled {@code oracle} reward, which
 * only studies use. {@code generate} and {@code bench} build their searches against this.
 */
final class ModelRegistry implements BenchModels {
  private final EmbeddedModels models;
  private final String description;
  private final Map<String, Reward> rewards = new HashMap<>();
  private final Map<String, FeatureExtractor> extractors = new HashMap<>();

  ModelRegistry(EmbeddedModels models, String description) {
    this.models = models;
    this.description = description;
  }

  /** The canonical name of a reward: oracle, or the family's (ir, clip, ensemble). */
  static String canonicalReward(String name) {
    return OracleReward.isOracle(name) ? OracleReward.NAME : EmbeddedModels.canonicalReward(name);
  }

  /** A reward without the generator (scoring and calibration commands): from {@code dir}, or the embedded folders. */
  static Reward standaloneReward(String name, Path dir, NDManager manager) throws IOException {
    String key = canonicalReward(name);
    if (key.equals(OracleReward.NAME)) {
      return OracleReward.create();
    }
    if (key.equals("ensemble")) {
      if (dir != null) {
        throw new BadInputException("--model names one reward folder; the ensemble combines ir and clip");
      }
      return new EnsembleReward(List.of(standaloneReward("ir", null, manager), standaloneReward("clip", null, manager)));
    }
    return new LearnedReward(key, RewardModel.load(dir != null ? dir : ModelFiles.defaultModelDir("reward-" + key), manager));
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
    return rewards.computeIfAbsent(canonicalReward(name), key -> key.equals(OracleReward.NAME) ? OracleReward.create() : models.reward(key));
  }

  @Override
  public FeatureExtractor extractor(String name) {
    return extractors.computeIfAbsent(name, models::extractor);
  }

  @Override
  public org.ttsvar.search.PathValue pathValue(String name) {
    return models.pathValue(name);
  }

  @Override
  public String defaultReward() {
    return models.defaultReward();
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
