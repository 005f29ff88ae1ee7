package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ttsvar.models.judges.dinov2.Dinov2;
import org.ttsvar.models.judges.dinov2.Dinov2Features;
import org.ttsvar.models.judges.imagereward.ImageRewardScore;
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
 *   <li>rewards: {@code ir}, ImageReward's normalised score, when its checkpoint ({@value #IMAGEREWARD_FILE}) and
 *       bert-base-uncased's tokenizer ({@value #TOKENIZER_FILE}) are given (then it is the default); a caller may
 *       also plug rewards in by name (tests), and says what they are;</li>
 *   <li>extractors: {@code latent} (the search core's features of the summed codes, always there), and
 *       with a DINOv2 checkpoint ({@value #DINOV2_FILE}) the release's {@code pca} and {@code pool} of its
 *       patch tokens on the decoded images; without it, asking for them names the missing file.</li>
 * </ul>
 * Text conditioning comes from a {@link TextFeatures} source: the Flan-T5-XL encoder ({@link T5TextFeatures}) or
 * precomputed states.
 */
public final class InfinityModels implements SearchModels, AutoCloseable {
  public static final String MODEL_FILE = "infinity_2b_reg.pth";
  public static final String VAE_FILE = "infinity_vae_d32reg.pth";
  public static final String DINOV2_FILE = "dinov2_vitl14_reg4_pretrain.pth";
  public static final String IMAGEREWARD_FILE = "ImageReward.pt";
  /** bert-base-uncased's tokenizer, in a folder of the weights folder as the hub's repository names it. */
  public static final String TOKENIZER_FILE = "bert-base-uncased/tokenizer.json";
  public static final String NO_REWARD = "none";
  /** Where the official Infinity files are published. */
  public static final String INFINITY_SOURCE = "downloaded from FoundationVision/Infinity's model card on the Hugging Face hub";
  /** Where the official DINOv2 checkpoints are published. */
  public static final String DINOV2_SOURCE = "downloaded from facebookresearch/dinov2's release page (the pretrained ViT-L/14 with registers)";

  /** Where the official ImageReward checkpoint is published. */
  public static final String IMAGEREWARD_SOURCE = "downloaded from THUDM/ImageReward on the Hugging Face hub";
  /** Where bert-base-uncased's tokenizer is published. */
  public static final String TOKENIZER_SOURCE = "tokenizer.json of google-bert/bert-base-uncased on the Hugging Face hub";

  /** Images per DINOv2 forward pass (the paper's largest batch). */
  static final int DINOV2_BATCH = 8;
  /** Images per ImageReward forward pass (the paper's largest batch). */
  static final int IMAGEREWARD_BATCH = 8;

  /**
   * Where ImageReward's two files are (loaded when both are there; otherwise named when {@code ir} is asked for).
   *
   * @param checkpoint {@value #IMAGEREWARD_FILE}
   * @param tokenizer bert-base-uncased's {@code tokenizer.json}
   */
  public record ImageRewardFiles(Path checkpoint, Path tokenizer) {
    /** Under a weights folder, by the official names. */
    public static ImageRewardFiles inFolder(Path dir) {
      return new ImageRewardFiles(dir.resolve(IMAGEREWARD_FILE), dir.resolve(TOKENIZER_FILE));
    }

    public boolean present() {
      return Files.isRegularFile(checkpoint) && Files.isRegularFile(tokenizer);
    }

    /** What is missing, for a message. */
    public String missing() {
      List<String> m = new java.util.ArrayList<>();
      if (!Files.isRegularFile(checkpoint)) {
        m.add(checkpoint + " (ImageReward's checkpoint, " + IMAGEREWARD_SOURCE + ")");
      }
      if (!Files.isRegularFile(tokenizer)) {
        m.add(tokenizer + " (" + TOKENIZER_SOURCE + ")");
      }
      return String.join(" and ", m);
    }
  }

  private final NDManager manager;
  private final InfinityTransformer model;
  private final BsqVaeDecoder vae;
  private final InfinityPathGenerator generator;
  private final SearchDefaults defaults;
  private final Map<String, Reward> rewards;
  private final Dinov2 dinov2; // null: not given
  private final Path dinov2File; // where it was looked for (null: not looked for)
  private final ImageRewardScore imageReward; // null: not given
  private final ImageRewardFiles imageRewardFiles; // where it was looked for (null: not looked for)

  private InfinityModels(NDManager manager, InfinityTransformer model, BsqVaeDecoder vae, InfinityPathGenerator generator, Map<String, Reward> rewards,
      Dinov2 dinov2, Path dinov2File, ImageRewardScore imageReward, ImageRewardFiles imageRewardFiles) {
    this.manager = manager;
    this.model = model;
    this.vae = vae;
    this.generator = generator;
    SearchDefaults d = defaultsFor(generator.numScales());
    this.defaults = dinov2 == null ? d
        : new SearchDefaults(d.batchSchedule(), d.clusterScales(), d.resampleScales(), d.potential(), d.lambda(), "pca"); // the release's
    this.rewards = rewards;
    this.dinov2 = dinov2;
    this.dinov2File = dinov2File;
    this.imageReward = imageReward;
    this.imageRewardFiles = imageRewardFiles;
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
    return load(modelFile, vaeFile, null, null, text, schedule, sampling, rewards);
  }

  /**
   * As {@link #load(Path, Path, TextFeatures, Schedules.Schedule, Sampling, Map)}, with the DINOv2 checkpoint
   * that the {@code pca} and {@code pool} extractors run on.
   *
   * @param dinov2File the DINOv2 checkpoint; null for none
   * @param dinov2Expected where it was looked for, named when {@code pca} or {@code pool} is asked for without
   *     it (null: nowhere)
   */
  public static InfinityModels load(Path modelFile, Path vaeFile, Path dinov2File, Path dinov2Expected, TextFeatures text, Schedules.Schedule schedule,
      Sampling sampling, Map<String, Reward> rewards) throws IOException {
    return load(modelFile, vaeFile, dinov2File, dinov2Expected, null, text, schedule, sampling, rewards);
  }

  /**
   * As {@link #load(Path, Path, Path, Path, TextFeatures, Schedules.Schedule, Sampling, Map)}, with ImageReward's files:
   * when both are there, the reward {@code ir} is offered (and is the default).
   *
   * @param imageReward where ImageReward's checkpoint and tokenizer are; null: not looked for
   */
  public static InfinityModels load(Path modelFile, Path vaeFile, Path dinov2File, Path dinov2Expected, ImageRewardFiles imageReward, TextFeatures text,
      Schedules.Schedule schedule, Sampling sampling, Map<String, Reward> rewards) throws IOException {
    requireFile(modelFile, "the transformer (" + MODEL_FILE + " in the official release)", INFINITY_SOURCE);
    requireFile(vaeFile, "the BSQ VAE (" + VAE_FILE + " in the official release)", INFINITY_SOURCE);
    if (dinov2File != null) {
      requireFile(dinov2File, "DINOv2 ViT-L/14 with registers (" + DINOV2_FILE + " in the official release)", DINOV2_SOURCE);
    }
    NDManager manager = NDManager.newBaseManager();
    try {
      InfinityTransformer model = InfinityTransformer.load(modelFile, manager);
      BsqVaeDecoder vae = BsqVaeDecoder.load(vaeFile, manager);
      InfinityPathGenerator generator = new InfinityPathGenerator(model, vae, schedule, sampling, text);
      Dinov2 dinov2 = dinov2File == null ? null : Dinov2.load(dinov2File, manager);
      ImageRewardScore ir = imageReward != null && imageReward.present()
          ? ImageRewardScore.load(imageReward.checkpoint(), imageReward.tokenizer(), manager, IMAGEREWARD_BATCH) : null;
      Map<String, Reward> byName = new LinkedHashMap<>();
      rewards.forEach((name, r) -> byName.put(name.trim().toLowerCase(Locale.ROOT), r));
      return new InfinityModels(manager, model, vae, generator, byName, dinov2, dinov2File != null ? dinov2File : dinov2Expected, ir, imageReward);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * {@link #load} from a folder holding {@value #MODEL_FILE} and {@value #VAE_FILE}, and optionally
   * {@value #DINOV2_FILE} (then {@code pca} and {@code pool} are offered) and {@value #IMAGEREWARD_FILE} with
   * {@value #TOKENIZER_FILE} (then {@code ir} is offered).
   */
  public static InfinityModels loadDir(Path dir, TextFeatures text, Schedules.Schedule schedule, Sampling sampling, Map<String, Reward> rewards) throws IOException {
    Path dino = dir.resolve(DINOV2_FILE);
    return load(dir.resolve(MODEL_FILE), dir.resolve(VAE_FILE), Files.isRegularFile(dino) ? dino : null, dino, ImageRewardFiles.inFolder(dir), text, schedule,
        sampling, rewards);
  }

  private static void requireFile(Path file, String what, String source) throws CorruptWeightsException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": not found; this should be " + what + ", " + source + " (or name the file you have)");
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
   * The extractor is {@code latent}; models loaded with DINOv2 default to the paper's {@code pca}
   * instead. These are provisional, not measured on Infinity here.
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

  /** {@code ir} (ImageReward, when its files were given) or a plugged-in reward, by name. */
  @Override
  public Reward reward(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    Reward r = rewards.get(key);
    if (r != null) {
      return r;
    }
    if (key.equals(ImageRewardScore.NAME)) {
      if (imageReward == null) {
        throw new SearchSettingException(SearchSetting.REWARD, "'" + ImageRewardScore.NAME + "' is ImageReward, and " + imageRewardMissing());
      }
      return imageReward;
    }
    List<String> known = new java.util.ArrayList<>(rewards.keySet());
    if (imageReward != null) {
      known.add(0, ImageRewardScore.NAME);
    }
    throw new SearchSettingException(SearchSetting.REWARD, known.isEmpty()
        ? (key.equals(NO_REWARD) ? "Infinity has no reward yet" : "unknown reward '" + name + "' for Infinity, which has no reward yet") + ": "
            + ImageRewardScore.NAME + " (ImageReward) needs its files, and " + imageRewardMissing() + "; the raw strategy needs none"
        : "unknown reward '" + name + "' for Infinity; known: " + String.join(", ", known));
  }

  /** Why {@code ir} is not there: the missing files and where they are published. */
  public String imageRewardMissing() {
    return imageRewardFiles == null
        ? "no ImageReward files were given (" + IMAGEREWARD_FILE + ", " + IMAGEREWARD_SOURCE + "; " + TOKENIZER_FILE + ", " + TOKENIZER_SOURCE + ")"
        : "its files are missing: " + imageRewardFiles.missing();
  }

  /** ImageReward, if its files were given. */
  public java.util.Optional<ImageRewardScore> imageReward() {
    return java.util.Optional.ofNullable(imageReward);
  }

  /** The DINOv2 checkpoint the {@code pca} and {@code pool} extractors run on, if one was loaded. */
  public java.util.Optional<Dinov2> dinov2() {
    return java.util.Optional.ofNullable(dinov2);
  }

  /**
   * {@code latent}: the search core's features of the summed codes (no decode); {@code pca}, {@code pool}: the
   * release's features of DINOv2's patch tokens on the decoded images, when a DINOv2 checkpoint was given.
   */
  @Override
  public FeatureExtractor extractor(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    switch (key) {
      case "latent":
        return new LatentFeatures();
      case "pca":
      case "pool":
        if (dinov2 == null) {
          throw new SearchSettingException(SearchSetting.EXTRACTOR, "'" + key + "' runs on DINOv2, and no DINOv2 checkpoint was given"
              + (dinov2File == null ? "" : " (" + dinov2File + ": not found)") + "; get " + DINOV2_FILE + ", " + DINOV2_SOURCE
              + ", or use the extractor latent");
        }
        return key.equals("pca") ? Dinov2Features.pca(dinov2, DINOV2_BATCH) : Dinov2Features.pool(dinov2, DINOV2_BATCH);
      default:
        throw new SearchSettingException(SearchSetting.EXTRACTOR, "unknown extractor '" + name + "' for Infinity; known: latent, pca, pool (the last two need "
            + DINOV2_FILE + ")");
    }
  }

  /** {@code ir} when ImageReward was loaded, else the first plugged-in reward, or {@value #NO_REWARD} when there is none. */
  @Override
  public String defaultReward() {
    return imageReward != null ? ImageRewardScore.NAME : rewards.isEmpty() ? NO_REWARD : rewards.keySet().iterator().next();
  }

  /** Frees everything, the text source too when it holds memory of its own (the T5 encoder). */
  @Override
  public void close() {
    if (generator.text() instanceof AutoCloseable text) {
      try {
        text.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + generator.text().describe(), e);
      }
    }
    if (dinov2 != null) {
      dinov2.close();
    }
    if (imageReward != null) {
      imageReward.close();
    }
    manager.close();
  }
}
