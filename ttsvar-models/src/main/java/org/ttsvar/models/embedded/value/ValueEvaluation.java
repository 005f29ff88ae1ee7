package org.ttsvar.models.embedded.value;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.search.Reward;
import org.ttsvar.world.RgbImage;

/**
 * How well a partial path's score predicts its final reward, per scale, on held-out rollouts: the
 * value head on the code map against the paper's way, the reward on the decoded partial image.
 * Both are judged within each prompt's paths, as the search uses them: how often the best-scored
 * path is the one with the best final reward (the consistency of the paper's Fig. 5b; chance is
 * 1 / paths), and the share of path pairs ordered as their final rewards are.
 */
public final class ValueEvaluation {
  /** One scale's figures for one scorer. */
  public record ScaleScore(int scale, double topOneAgreement, double pairAccuracy) {}

  /** Per scale k ≥ 1 (the last scale is the final image itself). */
  public record Result(int prompts, int paths, List<ScaleScore> valueHead, List<ScaleScore> rewardOnDecode) {}

  private ValueEvaluation() {}

  public static Result evaluate(ValueHead head, Reward reward, Tokenizer tokenizer, List<Rollouts.PromptRollouts> heldOut) {
    int scales = heldOut.get(0).scales();
    int paths = heldOut.get(0).paths();
    List<ScaleScore> byValue = new ArrayList<>(), byReward = new ArrayList<>();
    for (int k = 1; k < scales; k++) {
      double[] top = new double[2], pairs = new double[2], pairCount = new double[1];
      for (Rollouts.PromptRollouts r : heldOut) {
        float[][] maps = new float[r.paths()][];
        for (int i = 0; i < r.paths(); i++) {
          maps[i] = r.codes()[i][k];
        }
        double[] v = head.score(r.prompt(), maps, k);
        double[] d = reward.score(r.prompt(), decode(tokenizer, maps));
        int best = argmax(finalRewards(r));
        top[0] += argmax(v) == best ? 1 : 0;
        top[1] += argmax(d) == best ? 1 : 0;
        for (int a = 0; a < r.paths(); a++) {
          for (int b = 0; b < r.paths(); b++) {
            if (r.rewards()[a] > r.rewards()[b]) {
              pairCount[0]++;
              pairs[0] += v[a] > v[b] ? 1 : 0;
              pairs[1] += d[a] > d[b] ? 1 : 0;
            }
          }
        }
      }
      byValue.add(new ScaleScore(k, top[0] / heldOut.size(), pairs[0] / pairCount[0]));
      byReward.add(new ScaleScore(k, top[1] / heldOut.size(), pairs[1] / pairCount[0]));
    }
    return new Result(heldOut.size(), paths, byValue, byReward);
  }

  private static double[] finalRewards(Rollouts.PromptRollouts r) {
    double[] out = new double[r.paths()];
    for (int i = 0; i < out.length; i++) {
      out[i] = r.rewards()[i];
    }
    return out;
  }

  /** The images of code maps, decoded one at a time as the search decodes them. */
  static List<RgbImage> decode(Tokenizer tokenizer, float[][] maps) {
    NDManager m = tokenizer.params().manager();
    int d = tokenizer.config().bits(), g = tokenizer.config().latentSize();
    List<RgbImage> out = new ArrayList<>();
    for (float[] map : maps) {
      try (NDScope scope = new NDScope()) {
        scope.suppressNotUsedWarning();
        NDArray img = tokenizer.decodeImage(m.create(map, new Shape(1, d, g, g)));
        out.add(ImageBatch.fromArray(img)[0]);
      }
    }
    return out;
  }

  private static int argmax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }
}
