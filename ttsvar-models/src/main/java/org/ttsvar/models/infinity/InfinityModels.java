package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.LatentFeatures;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.SearchModels;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * The Infinity family as the search sees it: the generator from the official files
 * ({@value #MODEL_FILE}, {@value #VAE_FILE}), the paper's search settings scaled to the schedule, and a
 * registry that is honest about what judges Infinity's images today:
 * <ul>
 *   <li>rewards: none of its own yet (ImageReward and the other judges of real images come with issue 23);
 *       a caller may plug rewards in by name (the command line, tests), and says what they are;</li>
 *   <li>extractors: {@code latent} only (the search core's features of the summed codes); the paper's
 *       {@code pca} of DINOv2 features comes with issue 23.</li>
 * </ul>
 * Text conditioning comes from a {@link TextFeatures} source: Flan-T5-XL is not ported yet.
 */
public final class InfinityModels implements SearchModels, AutoCloseable {
  public static final String MODEL_FILE = "infinity_2b_reg.pth";
  public static final String VAE_FILE = "infinity_vae_d32reg.pth";
  public static final String NO_REWARD = "none";

  private final NDManager manager;
  private final InfinityTransformer model;
  private final BsqVaeDecoder vae;
  private final InfinityPathGenerator generator;
  private final SearchDefaults defaults;
  private final Map<String, Reward> rewards;

  private InfinityModels(NDManager manager, InfinityTransformer model, BsqVaeDecoder vae, InfinityPathGenerator generator, Map<String, Reward> rewards) {
    this.manager = manager;
    this.model = model;
    this.vae = vae;
    this.generator = generator;
    this.defaults = defaultsFor(generator.numScales());
    this.rewards = rewards;
  }

  /**
   * Loads the transformer and the VAE decoder from {@code modelFile} and {@code vaeFile} (the release's
   * layouts, strictly).
   *
   * @param rewards rewards plugged in by name (may be empty: then only strategies without a reward run)
   * @throws CorruptWeightsException naming the file: missing, not a torch checkpoint, wrong tensors
   */
  public static InfinityModels load(Path modelFile, Path vaeFile, TextFeatures text, Schedules.Schedule schedule, Sampling sampling, Map<String, Reward> rewards)
      throws IOException {
    requireFile(modelFile, "the transformer (" + MODEL_FILE + " in the official release)");
    requireFile(vaeFile, "the BSQ VAE (" + VAE_FILE + " in the official release)");
    NDManager manager = NDManager.newBaseManager();
    try {
      InfinityTransformer model = InfinityTransformer.load(modelFile, manager);
      BsqVaeDecoder vae = BsqVaeDecoder.load(vaeFile, manager);
      InfinityPathGenerator generator = new InfinityPathGenerator(model, vae, schedule, sampling, text);
      Map<String, Reward> byName = new LinkedHashMap<>();
      rewards.forEach((name, r) -> byName.put(name.trim().toLowerCase(Locale.ROOT), r));
      return new InfinityModels(manager, model, vae, generator, byName);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** {@link #load} from a folder holding {@value #MODEL_FILE} and {@value #VAE_FILE}. */
  public static InfinityModels loadDir(Path dir, TextFeatures text, Schedules.Schedule schedule, Sampling sampling, Map<String, Reward> rewards) throws IOException {
    return load(dir.resolve(MODEL_FILE), dir.resolve(VAE_FILE), text, schedule, sampling, rewards);
  }

  private static void requireFile(Path file, String what) throws CorruptWeightsException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": not found; this should be " + what
          + ", downloaded from FoundationVision/Infinity on the Hugging Face hub (or name the file you have)");
    }
  }

  /**
   * The paper's settings (TTS-VAR on Infinity's 13 scales: batch 8,8,6,6,6,4,2,2,2,1,1,1,1, clustering at
   * {2, 5}, resampling at {6, 9}, potential value, λ 10) for a schedule of {@code scales} scales. Shorter
   * schedules keep the paper's pattern — two clusterings early, the first at the 4×4 scale, then two
   * resamplings halving the batch to one path — shifted into their range:
   * <ul>
   *   <li>13 (1M): the paper's;</li>
   *   <li>10 (0.25M, last grid 32×32): resampling at {6, 7}, batch 8,8,6,6,6,4,2,1,1,1;</li>
   *   <li>7 (0.06M, last grid 16×16): clustering at {2, 3}, resampling at {4, 5}, batch 8,8,6,4,2,1,1;</li>
   *   <li>12 (0.60M): resampling at {6, 9} as the paper's, batch 8,8,6,6,6,4,2,2,2,1,1,1.</li>
   * </ul>
   * The extractor is {@code latent}: the paper's {@code pca} needs DINOv2 (issue 23). These are
   * provisional, not measured on Infinity here.
   */
  public static SearchDefaults defaultsFor(int scales) {
    return switch (scales) {
      case 13 -> new SearchDefaults(SearchDefaults.INFINITY_PAPER.batchSchedule(), List.of(2, 5), List.of(6, 9), Potential.VALUE, 10.0, "latent");
      case 12 -> new SearchDefaults(List.of(8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1), List.of(2, 5), List.of(6, 9), Potential.VALUE, 10.0, "latent");
      case 10 -> new SearchDefaults(List.of(8, 8, 6, 6, 6, 4, 2, 1, 1, 1), List.of(2, 5), List.of(6, 7), Potential.VALUE, 10.0, "latent");
      case 7 -> new SearchDefaults(List.of(8, 8, 6, 4, 2, 1, 1), List.of(2, 3), List.of(4, 5), Potential.VALUE, 10.0, "latent");
      default -> throw new IllegalArgumentException("no Infinity schedule has " + scales + " scales");
    };
  }

  public InfinityTransformer transformer() {
    return model;
  }

  public BsqVaeDecoder vae() {
    return vae;
  }

  @Override
  public InfinityPathGenerator generator() {
    return generator;
  }

  @Override
  public SearchDefaults searchDefaults() {
    return defaults;
  }

  /** A plugged-in reward by name. */
  @Override
  public Reward reward(String name) {
    Reward r = rewards.get(name.trim().toLowerCase(Locale.ROOT));
    if (r == null) {
      throw new SearchSettingException(SearchSetting.REWARD, rewards.isEmpty()
          ? "Infinity has no reward yet (rewards for real images come with issue 23); the raw strategy needs none"
          : "unknown reward '" + name + "' for Infinity; known: " + String.join(", ", rewards.keySet()));
    }
    return r;
  }

  /** {@code latent}: the search core's features of the summed codes (no decode). */
  @Override
  public FeatureExtractor extractor(String name) {
    if (name.trim().toLowerCase(Locale.ROOT).equals("latent")) {
      return new LatentFeatures();
    }
    throw new SearchSettingException(SearchSetting.EXTRACTOR, "unknown extractor '" + name + "' for Infinity; known: latent (pca of DINOv2 features comes with issue 23)");
  }

  /** The first plugged-in reward, or {@value #NO_REWARD} when there is none. */
  @Override
  public String defaultReward() {
    return rewards.isEmpty() ? NO_REWARD : rewards.keySet().iterator().next();
  }

  @Override
  public void close() {
    manager.close();
  }
}
