package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.search.Reward;
import org.ttsvar.tensor.Engines;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.RgbImage;

/** A {@link RewardModel} as the search's reward: standardized scores, computed in batches. */
public final class LearnedReward implements Reward {
  private static final int BATCH = 64;
  private final String name;
  private final RewardModel model;
  private final TextVocabulary vocab;

  public LearnedReward(String name, RewardModel model) {
    this.name = name;
    this.model = model;
    this.vocab = new TextVocabulary(model.config().vocabulary(), model.config().maxWords());
  }

  @Override
  public String name() {
    return name;
  }

  public RewardModel model() {
    return model;
  }

  @Override
  public double[] score(String prompt, List<RgbImage> images) {
    double[] raw = rawLogits(prompt, images);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = model.calibration().standardize(raw[i]);
    }
    return raw;
  }

  /** Unstandardized logits (for calibration). */
  public double[] rawLogits(String prompt, List<RgbImage> images) {
    Engines.inferenceMode();
    int[] ids = vocab.encode(prompt);
    int size = model.config().imageSize();
    double[] out = new double[images.size()];
    NDManager m = model.params().manager();
    for (int start = 0; start < images.size(); start += BATCH) {
      int n = Math.min(BATCH, images.size() - start);
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        long[] words = new long[n * ids.length];
        for (int i = 0; i < n; i++) {
          RgbImage img = images.get(start + i);
          if (img.width() != size || img.height() != size) {
            throw new BadInputException("the reward model takes " + size + "×" + size + " images, got " + img.width() + "×" + img.height());
          }
          for (int j = 0; j < ids.length; j++) {
            words[i * ids.length + j] = ids[j];
          }
        }
        NDArray logits = model.logits(model.imageTokens(ImageBatch.toArray(m, images.subList(start, start + n))), m.create(words, new Shape(n, ids.length)));
        float[] l = logits.toFloatArray();
        for (int i = 0; i < n; i++) {
          out[start + i] = l[i];
        }
      }
    }
    return out;
  }
}
