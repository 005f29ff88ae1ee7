package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.world.Seeds;

/**
 * The reward's training step: a batch of B examples scored as 2B rows, [B matching; B negative],
 * and its loss
 *
 * <pre>
 * ½·mean(softplus(−l_match) + softplus(l_neg))      binary cross-entropy of both rows
 * + mean(softplus(l_neg − l_match))                 pairwise logistic
 * + BCE of the per-patch colour and shape labels    auxiliary ({@link SceneTargets#patchLabels})
 * + masked MSE of the object nouns' locations       with locate_words ({@link SceneTargets#nounTargets})
 * </pre>
 *
 * Dimension letters: B examples, T words, g² patches, C width.
 */
final class RewardLoss implements TrainingLoop.Step {
  private final RewardModel model;
  private final RewardConfig config;
  private final Tokenizer tokenizer;
  private final RewardTrainer.Completer completer;
  private final DataMix mix;
  private final long seed;
  private final int batch;
  private final NDManager manager;
  private final TextVocabulary vocab;

  RewardLoss(RewardModel model, Tokenizer tokenizer, RewardTrainer.Completer completer, DataMix mix, long seed, int batch, NDManager manager) {
    this.model = model;
    this.config = model.config();
    this.tokenizer = tokenizer;
    this.completer = completer;
    this.mix = mix;
    this.seed = seed;
    this.batch = batch;
    this.manager = manager;
    this.vocab = new TextVocabulary(config.vocabulary(), config.maxWords());
  }

  @Override
  public TrainingLoop.Loss run(long step) {
    int b = batch;
    List<Example> ex = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      ex.add(Examples.draw(seed, step, i, tokenizer.config().numScales(), mix));
    }
    NDArray images = BatchImages.variants(manager, tokenizer, completer, ex, Seeds.derive(seed, step, -7)); // (B, 3, H, W)
    long[] words = words(ex);
    // image tokens of the matching rows and of the negative rows
    NDArray tokens, negative;
    if (ex.stream().noneMatch(Example::replacesNegative)) {
      tokens = model.imageTokens(images); // (B, g², C)
      negative = tokens;
    } else { // one pass through the image tower for the B images and the M replaced negatives
      NDArray replaced = BatchImages.replacedNegatives(manager, tokenizer, completer, ex, Seeds.derive(seed, step, -8));
      NDArray all = model.imageTokens(NDArrays.concat(new NDList(images, replaced), 0)); // (B + M, g², C)
      tokens = all.get("0:" + b);
      negative = BatchImages.negativeRows(ex, tokens, all.get(b + ":"));
    }
    NDArray both = NDArrays.concat(new NDList(tokens, negative), 0); // (2B, g², C)
    RewardModel.Output out = model.forward(both, manager.create(words, new Shape(2L * b, config.maxWords())));
    NDArray logits = out.logits(); // (2B)
    NDArray lm = logits.get("0:" + b);
    NDArray lw = logits.get(b + ":");
    // BCE: −log σ(lm) − log(1 − σ(lw)) = softplus(−lm) + softplus(lw); pairwise: softplus(−(lm − lw))
    NDArray bce = Scalars.mul(Activation.softPlus(lm.neg()).add(Activation.softPlus(lw)).mean(), 0.5f);
    NDArray pair = Activation.softPlus(lw.sub(lm)).mean();
    NDArray aux = patchLoss(ex, tokens);
    Map<String, NDArray> metrics = new LinkedHashMap<>();
    metrics.put("bce", bce);
    metrics.put("patch_bce", aux);
    metrics.put("pair_accuracy", lm.gt(lw).toType(DataType.FLOAT32, false).mean());
    NDArray loss = bce.add(pair).add(aux);
    if (config.locateWords()) {
      NDArray where = locationLoss(ex, out.wordLocations().get("0:" + b));
      metrics.put("where_mse", where);
      loss = loss.add(where);
    }
    return new TrainingLoop.Loss(loss, metrics);
  }

  /** Word ids (2B·T) of the rows: the matching prompts, then the negatives' (wrong, or matching for a replaced image). */
  private long[] words(List<Example> ex) {
    int b = ex.size(), t = config.maxWords();
    long[] words = new long[2 * b * t];
    for (int i = 0; i < b; i++) {
      int[] m = vocab.encode(ex.get(i).match().prompt());
      int[] w = vocab.encode(ex.get(i).wrong().prompt());
      for (int j = 0; j < t; j++) {
        words[i * t + j] = m[j];
        words[(b + i) * t + j] = w[j];
      }
    }
    return words;
  }

  /** Auxiliary BCE with logits of what each image patch shows (colours and shapes of the objects overlapping it). */
  private NDArray patchLoss(List<Example> ex, NDArray tokens) {
    int b = ex.size(), g = config.gridSize();
    float[] labels = new float[b * g * g * RewardModel.PATCH_LABELS];
    for (int i = 0; i < b; i++) {
      float[] l = SceneTargets.patchLabels(ex.get(i).scene(), g);
      System.arraycopy(l, 0, labels, i * l.length, l.length);
    }
    NDArray patchLogits = model.patchLogits(tokens); // (B, g², labels)
    NDArray y = manager.create(labels, patchLogits.getShape());
    return Activation.softPlus(patchLogits).sub(y.mul(patchLogits)).mean();
  }

  /** Auxiliary: where each object noun of the matching prompt points (B, T, 2) against its object's centre, over the known nouns. */
  private NDArray locationLoss(List<Example> ex, NDArray where) {
    int b = ex.size(), t = config.maxWords();
    float[] target = new float[b * t * 2], known = new float[b * t * 2];
    for (int i = 0; i < b; i++) {
      SceneTargets.nounTargets(ex.get(i).match().prompt(), ex.get(i).scene(), t, target, known, i * t * 2);
    }
    NDArray k = manager.create(known, where.getShape());
    return where.sub(manager.create(target, where.getShape())).square().mul(k).sum().div(k.sum().add(1f));
  }
}
