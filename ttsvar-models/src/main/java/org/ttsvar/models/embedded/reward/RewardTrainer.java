package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.world.Grammar;

/**
 * Trains a reward model on world scenes with known content: each scene appears with its own prompt
 * (label 1) and with a minimally wrong one (label 0), as one of five image variants: a clean render
 * (25%), a degraded render (25%: blur, noise or 2× down/up), the tokenizer's reconstruction (25%),
 * its partial decode after a random earlier scale (15%, the blurry images the search scores), or a
 * generated completion (10%). Loss: binary cross-entropy of both rows plus a pairwise logistic loss
 * on (matching − wrong), plus an auxiliary per-patch loss on what the scene shows there ({@link RewardLoss}).
 * With {@link DataMix#malformed} some negative rows keep the matching prompt and change the image
 * instead: the same scene with one object melted or cut ({@link Malformations}), the half-formed
 * shapes a small generator makes; with {@link DataMix#codeDamaged} some reconstructions get as their
 * negative the same reconstruction with one object's fine codes turned to noise ({@link CodeDamage}).
 *
 * <p>Generated images with known content: the VAR model is teacher-forced with the scene's own codes
 * for the coarse scales that fix the layout (the first {@link #FORCED_SCALES}) and samples the
 * rest, so the image carries the generator's own texture and artefacts while its content is the
 * scene's. Free generations are not used: their content is unknown without the verifier, and
 * labelling them with the prompt they were generated from would teach the reward to forgive exactly
 * the generator's mistakes. The reward never sees the verifier's code or decisions.
 *
 * <p>The parts: {@link Examples} draws the data stream, {@link BatchImages} builds a batch's images,
 * {@link RewardLoss} is the step; this class describes the run ({@code run.json}, whose keys a
 * resumed run must match) and hands the step to the {@link TrainingLoop}.
 */
public final class RewardTrainer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final TrainSettings DEFAULT_SETTINGS = new TrainSettings(3000, 32, 5e-4, 2e-5, 200, 0.05, 1.0, 250, 50, 3);

  private RewardTrainer() {}

  public static RewardConfig defaultConfig(String kind) {
    return new RewardConfig(kind, 64, List.of(32, 64, 128), 1, 2, 4, 12, Grammar.vocabulary(), false); // 8×8 patches of 8 pixels
  }

  /** Scales taken from the scene's own codes before the generator samples the rest (completions). */
  public static final int FORCED_SCALES = 5;

  /** The generator used for generated completions, or none (a completion then falls back to a render). */
  public record Completer(org.ttsvar.models.embedded.var.VarModel model, org.ttsvar.models.embedded.var.SamplingConfig sampling, String id) {}

  public static RewardModel train(
      RewardConfig config, Tokenizer tokenizer, String tokenizerId, Completer completer, TrainSettings s, RunRequest run, PrintStream err)
      throws IOException {
    return train(config, tokenizer, tokenizerId, completer, DataMix.PLAIN, s, run, err);
  }

  /** @param mix the data stream's shares of hard, malformed and code-damaged negatives and a focus task ({@link Examples#draw}); recorded in run.json */
  public static RewardModel train(
      RewardConfig config, Tokenizer tokenizer, String tokenizerId, Completer completer, DataMix mix, TrainSettings s, RunRequest run,
      PrintStream err)
      throws IOException {
    NDManager manager = NDManager.newBaseManager();
    RewardModel model = new RewardModel(config, manager, s.seed());
    model.params().closeAlso(manager); // the caller closes the model, and with it this manager
    try {
      RewardLoss step = new RewardLoss(model, tokenizer, completer, mix, s.seed(), s.batchSize(), manager);
      TrainingLoop.train("reward-" + config.kind(), model.params(), s, description(config, tokenizerId, completer, mix), run, step, err);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** The run's description (run.json): a resumed run must match it, so keys are only ever added, and absent when off. */
  private static ObjectNode description(RewardConfig config, String tokenizerId, Completer completer, DataMix mix) {
    ObjectNode desc = MAPPER.createObjectNode();
    desc.put("model", "reward");
    desc.set("config", MAPPER.valueToTree(config));
    desc.put("tokenizer", tokenizerId);
    desc.put("data", "world scenes × {render 25%, degraded 25%, reconstruction 25%, partial decode 15%, generated completion 10%} × {own prompt, minimally wrong prompt}");
    if (mix.hardNegatives() > 0) {
      desc.put("hard_negatives", mix.hardNegatives()); // absent = 0, so older runs resume unchanged
    }
    if (mix.focus() != null) {
      desc.put("focus", mix.focus().tag() + "=" + mix.focusShare()); // likewise absent without a focus
    }
    if (mix.malformed() > 0) {
      desc.put("malformed", mix.malformed()); // likewise absent without malformed negatives
    }
    if (mix.codeDamaged() > 0) {
      desc.put("code_damaged", mix.codeDamaged()); // likewise
    }
    desc.put("generator", completer == null ? "none (completions replaced by renders)" : completer.id() + " " + completer.sampling() + ", " + FORCED_SCALES + " forced scales");
    return desc;
  }
}
