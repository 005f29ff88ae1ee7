package org.ttsvar.models.embedded;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.features.Extractors;
import org.ttsvar.models.embedded.reward.EnsembleReward;
import org.ttsvar.models.embedded.reward.LearnedReward;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.embedded.var.VarPathGenerator;
import org.ttsvar.models.embedded.value.ValueHead;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathValue;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.SearchModels;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;

/**
 * Everything the search needs from the embedded default models, loaded on demand: the generator
 * (tokenizer + VAR with its sampling defaults), the learned rewards ({@code ir}, {@code clip},
 * {@code ensemble}), the feature extractors and the model's recommended search settings
 * ({@code weights/var/search.json}). It is the embedded family's registry: reward and extractor
 * names are resolved here and nowhere else.
 */
public final class EmbeddedModels implements SearchModels, AutoCloseable {
  public static final String SEARCH = "search.json";
  /** Until search.json is measured for a model: clustering at scales 1 and 2, resampling at 3 and 4. */
  public static final SearchDefaults PROVISIONAL_7_SCALES =
      new SearchDefaults(List.of(8, 6, 4, 2, 1, 1, 1), List.of(1, 2), List.of(3, 4), Potential.VALUE, 10.0, "pca");
  public static final List<String> REWARDS = List.of("ir", "clip", "ensemble");
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build(); // "potential": "value"

  private final TextToImage t2i;
  private final SearchDefaults defaults;
  private final NDManager manager = NDManager.newBaseManager();
  private final Map<String, RewardModel> rewardModels = new HashMap<>();
  private final Map<String, Path> rewardDirs;
  private ValueHead valueHead; // loaded on first use

  private EmbeddedModels(TextToImage t2i, SearchDefaults defaults, Map<String, Path> rewardDirs) {
    this.t2i = t2i;
    this.defaults = defaults;
    this.rewardDirs = rewardDirs;
  }

  /** The embedded defaults (weights/tokenizer, weights/var, weights/reward-ir, weights/reward-clip). */
  public static EmbeddedModels load() throws IOException {
    return load(TextToImage.loadDefault(), ModelFiles.defaultModelDir("var"), Map.of());
  }

  /**
   * @param varDir where to look for search.json
   * @param rewardDirs overrides of reward model folders by name, and of the value head's under {@code value-head} (others: the embedded ones)
   */
  public static EmbeddedModels load(TextToImage t2i, Path varDir, Map<String, Path> rewardDirs) throws IOException {
    Path s = varDir.resolve(SEARCH);
    SearchDefaults d = Files.isRegularFile(s) ? ModelFiles.readJson(MAPPER, s, SearchDefaults.class, "search defaults") : PROVISIONAL_7_SCALES;
    return new EmbeddedModels(t2i, d, Map.copyOf(rewardDirs));
  }

  public TextToImage textToImage() {
    return t2i;
  }

  @Override
  public PathGenerator generator() {
    return new VarPathGenerator(t2i.var(), t2i.tokenizer(), t2i.sampling());
  }

  @Override
  public SearchDefaults searchDefaults() {
    return defaults;
  }

  public RewardModel rewardModel(String name) throws IOException {
    String key = canonicalReward(name);
    if (key.equals("ensemble")) {
      throw new IllegalArgumentException("the ensemble has no single model");
    }
    RewardModel m = rewardModels.get(key);
    if (m == null) {
      Path dir = rewardDirs.containsKey(key) ? rewardDirs.get(key) : ModelFiles.defaultModelDir("reward-" + key);
      m = RewardModel.load(dir, manager);
      rewardModels.put(key, m);
    }
    return m;
  }

  /** A learned reward by name: ir, clip or ensemble (both, standardized and averaged). */
  @Override
  public Reward reward(String name) {
    String key = canonicalReward(name);
    if (key.equals("ensemble")) {
      return new EnsembleReward(List.of(reward("ir"), reward("clip")));
    }
    return new LearnedReward(key, loaded(key));
  }

  /** The value head ({@code value-head}, from weights/value or the folder given under that name), for the {@code scorer} setting. */
  @Override
  public synchronized PathValue pathValue(String name) {
    if (!name.trim().equalsIgnoreCase(ValueHead.NAME)) {
      throw new SearchSettingException(SearchSetting.SCORER, "unknown scorer '" + name + "'; known: " + SearchDefaults.REWARD_SCORER + ", " + ValueHead.NAME);
    }
    if (valueHead == null) {
      try {
        valueHead = ValueHead.load(rewardDirs.containsKey(ValueHead.NAME) ? rewardDirs.get(ValueHead.NAME) : ModelFiles.defaultModelDir("value"), manager);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return valueHead;
  }

  /** A feature extractor by name: pca, pool, supervised (the ir reward's image tower) or latent. */
  @Override
  public FeatureExtractor extractor(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    return Extractors.create(key, t2i.tokenizer(), key.equals("supervised") ? loaded("ir") : null);
  }

  @Override
  public String defaultReward() {
    return "ir";
  }

  private RewardModel loaded(String key) {
    try {
      return rewardModel(key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String canonicalReward(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "ir", "imagereward", "learned", "cross" -> "ir";
      case "clip", "dual" -> "clip";
      case "ensemble", "ir+clip" -> "ensemble";
      default -> throw new SearchSettingException(SearchSetting.REWARD, "unknown reward '" + type + "'; known: ir, clip, ensemble, oracle");
    };
  }

  @Override
  public void close() {
    manager.close();
    t2i.close();
  }
}
