package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.data.ShapeFocus;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.models.embedded.data.WorldSamples;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * Trains the VAR transformer by teacher forcing on the frozen tokenizer's codes of world scenes:
 * each step draws prompts of the six tasks (GenEval's draws) and scenes satisfying them, encodes the
 * scenes to per-scale bits, and minimises the bitwise cross-entropy of every token given the text and
 * all coarser scales. A fraction of prompts is replaced by the learned null text (for CFG).
 */
public final class VarTrainer {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Default schedule: 12,000 steps of 32 prompts (≈ 384 k scenes). */
  public static final TrainSettings DEFAULT_SETTINGS = new TrainSettings(12000, 32, 6e-4, 3e-5, 500, 0.05, 1.0, 250, 50, 2);

  private VarTrainer() {}

  /** The default model shape for a tokenizer: width 192, 6 blocks, 3 heads, 2 text layers. */
  public static VarConfig defaultConfig(Tokenizer tokenizer) {
    return new VarConfig(192, 6, 3, 4, 2, 12, Grammar.vocabulary(), tokenizer.config().bits(), tokenizer.config().scales(), 0.1);
  }

  public static VarModel train(VarConfig config, Tokenizer tokenizer, String tokenizerId, TrainSettings s, RunRequest run, PrintStream err)
      throws IOException {
    return train(config, tokenizer, tokenizerId, s, 0.0, run, err);
  }

  /**
   * @param selfCorrection bitwise self-correction: the largest per-sample probability of flipping
   *     a bit of the teacher-forced coarser scales ({@link RandomBitFlips}); 0 for plain teacher forcing
   */
  public static VarModel train(
      VarConfig config, Tokenizer tokenizer, String tokenizerId, TrainSettings s, double selfCorrection, RunRequest run, PrintStream err)
      throws IOException {
    return train(config, tokenizer, tokenizerId, s, selfCorrection, ShapeFocus.NONE, run, err);
  }

  /** @param focus training data weighted toward some shapes ({@link ShapeFocus#NONE}: the plain stream) */
  public static VarModel train(
      VarConfig config, Tokenizer tokenizer, String tokenizerId, TrainSettings s, double selfCorrection, ShapeFocus focus, RunRequest run,
      PrintStream err)
      throws IOException {
    if (config.bits() != tokenizer.config().bits() || !config.scales().equals(tokenizer.config().scales())) {
      throw new BadInputException("the VAR config's bits/scales do not match the tokenizer's");
    }
    new RandomBitFlips(selfCorrection, config.numScales(), 0); // validates the probability before any work
    NDManager manager = NDManager.newBaseManager();
    VarModel model = new VarModel(config, manager, s.seed());
    model.params().closeAlso(manager); // the caller closes the model, and with it this manager
    WorldSamples samples = new WorldSamples(s.seed(), 0.0, focus);
    TextVocabulary vocab = new TextVocabulary(config.vocabulary(), config.maxWords());
    ObjectNode desc = MAPPER.createObjectNode();
    desc.put("model", "var");
    desc.set("config", MAPPER.valueToTree(config));
    desc.put("tokenizer", tokenizerId);
    desc.put("data", "world scenes of prompts drawn from the six GenEval tasks in equal shares");
    if (selfCorrection > 0) {
      desc.put("self_correction", selfCorrection); // absent when off, so older runs still resume
    }
    if (focus.isOn()) { // likewise
      ObjectNode f = desc.putObject("shape_focus");
      focus.shapes().stream().sorted().forEach(shape -> f.withArray("shapes").add(shape.noun()));
      f.put("share", focus.share());
    }
    int b = s.batchSize();
    int size = tokenizer.config().imageSize();
    try {
      TrainingLoop.train(
          "var",
          model.params(),
          s,
          desc,
          run,
          step -> {
            List<RgbImage> images = new ArrayList<>();
            long[] words = new long[b * config.maxWords()];
            boolean[] dropped = new boolean[b];
            SplittableRandom dropRng = new SplittableRandom(Seeds.derive(s.seed(), step, -2));
            for (int i = 0; i < b; i++) {
              WorldSamples.Sample sample = samples.sample(step, i);
              images.add(sample.image());
              int[] ids = vocab.encode(sample.spec().prompt());
              for (int j = 0; j < ids.length; j++) {
                words[i * config.maxWords() + j] = ids[j];
              }
              dropped[i] = dropRng.nextDouble() < config.condDropout();
            }
            NDArray x = ImageBatch.toArray(manager, images); // (B, 3, H, W)
            Tokenizer.BitCorruption flips =
                selfCorrection > 0 ? new RandomBitFlips(selfCorrection, config.numScales(), Seeds.derive(s.seed(), step, -3)) : null;
            Tokenizer.Quantized q = tokenizer.quantize(tokenizer.encode(x), false, flips);
            List<NDArray> inputs = new ArrayList<>();
            List<NDArray> targets = new ArrayList<>();
            for (int k = 0; k < config.numScales(); k++) {
              int side = config.scales().get(k);
              targets.add(q.bits().get(k).transpose(0, 2, 3, 1).reshape(b, side * side, config.bits()));
              if (k > 0) {
                inputs.add(tokenizer.nextInput(q.fHatAfter().get(k - 1), k).transpose(0, 2, 3, 1).reshape(b, side * side, config.bits()));
              }
            }
            NDArray scaleInputs = NDArrays.concat(new NDList(inputs), 1).stopGradient(); // (B, L − 1, d)
            NDArray target = NDArrays.concat(new NDList(targets), 1).stopGradient(); // (B, L, d)
            NDArray logits =
                model.forwardTrain(manager.create(words, new Shape(b, config.maxWords())), manager.create(dropped), scaleInputs); // (B, L, d, 2)
            NDArray loss = VarModel.bitLoss(logits, target);
            NDArray predicted = logits.get("..., 1").gt(logits.get("..., 0"));
            NDArray accuracy = predicted.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).eq(target).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mean();
            Map<String, NDArray> metrics = new LinkedHashMap<>();
            metrics.put("bit_accuracy", accuracy);
            return new TrainingLoop.Loss(loss, metrics);
          },
          err);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }
}
