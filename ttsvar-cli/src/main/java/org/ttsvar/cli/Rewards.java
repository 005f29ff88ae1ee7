package org.ttsvar.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ttsvar.models.reward.LearnedReward;
import org.ttsvar.models.reward.RewardModel;
import org.ttsvar.search.Reward;

/**
 * The reward registry ({@code --reward-type}): {@code ir} (the cross-encoder, our ImageReward), {@code
 * clip} (the dual encoder, our CLIPScore), {@code ensemble} (both, standardized and averaged per
 * candidate) and {@code oracle} (the verifier itself: an upper bound for studies, never a default).
 */
final class Rewards {
  static final List<String> NAMES = List.of("ir", "clip", "ensemble", "oracle");

  private Rewards() {}

  static String canonical(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    return t.equals("oracle") || t.equals("verifier") ? "oracle" : org.ttsvar.models.EmbeddedModels.canonicalReward(t);
  }

  /** A reward by name: the learned ones come from the models, the oracle from the verifier. */
  static Reward create(String type, org.ttsvar.models.EmbeddedModels models) throws IOException {
    String t = canonical(type);
    return t.equals("oracle") ? OracleReward.create() : models.reward(t);
  }

  /** A learned reward from an explicit model folder (scoring and calibration commands). */
  static Reward fromFolder(String type, Path dir, NDManager manager) throws IOException {
    String t = canonical(type);
    if (t.equals("oracle")) {
      return OracleReward.create();
    }
    if (t.equals("ensemble")) {
      throw new BadInputException("--model names one reward folder; the ensemble combines ir and clip");
    }
    return new LearnedReward(t, RewardModel.load(dir, manager));
  }

  /** A reward without loading the generator: from --model, or the embedded folders. */
  static Reward standalone(String type, Path dir, NDManager manager) throws IOException {
    String t = canonical(type);
    if (t.equals("ensemble") && dir == null) {
      return new org.ttsvar.models.reward.EnsembleReward(
          List.of(fromFolder("ir", org.ttsvar.models.ModelFiles.defaultModelDir("reward-ir"), manager),
              fromFolder("clip", org.ttsvar.models.ModelFiles.defaultModelDir("reward-clip"), manager)));
    }
    return fromFolder(t, dir == null && !t.equals("oracle") ? org.ttsvar.models.ModelFiles.defaultModelDir("reward-" + t) : dir, manager);
  }
}
