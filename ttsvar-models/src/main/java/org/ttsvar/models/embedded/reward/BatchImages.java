package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * The images of a training batch, (B, 3, H, W): each example's image through its {@link ImageVariant}
 * (tokenizer reconstructions, partial decodes, generated completions), and the images of the
 * negative rows that replace an example's own (malformed scenes, code-damaged reconstructions).
 */
final class BatchImages {
  private BatchImages() {}

  /**
   * Builds the batch's images: renders as they are; reconstructions and partial decodes through the
   * tokenizer; completions by the generator from the scene's coarse codes.
   */
  static NDArray variants(NDManager manager, Tokenizer tokenizer, RewardTrainer.Completer completer, List<Example> ex, long seed) {
    int b = ex.size();
    NDArray x = ImageBatch.toArray(manager, ex.stream().map(Example::image).toList()); // (B, 3, H, W)
    List<Integer> viaTokenizer = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      if (ex.get(i).variant().viaTokenizer(completer != null)) {
        viaTokenizer.add(i);
      }
    }
    if (viaTokenizer.isEmpty()) {
      return x;
    }
    long[] idx = viaTokenizer.stream().mapToLong(Integer::longValue).toArray();
    NDArray sub = x.get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(idx)));
    var q = tokenizer.quantize(tokenizer.encode(sub), false);
    int n = idx.length;
    int last = tokenizer.config().numScales() - 1;
    NDArray stacked = NDArrays.stack(new NDList(q.fHatAfter()), 0); // (K, n, d, h, w)
    long[] pick = new long[n];
    for (int j = 0; j < n; j++) {
      Example e = ex.get(viaTokenizer.get(j));
      int k = e.variant() == ImageVariant.PARTIAL_DECODE ? e.partialScale() : last;
      pick[j] = (long) k * n + j;
    }
    Shape s = stacked.getShape();
    NDArray chosen = stacked.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)).get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(pick)));
    NDArray decoded = tokenizer.decodeImage(chosen).stopGradient(); // (n, 3, H, W)
    for (int j = 0; j < n; j++) {
      Example e = ex.get(viaTokenizer.get(j));
      if (e.variant() == ImageVariant.COMPLETION) {
        NDArray generated = ImageBatch.toArray(manager, List.of(complete(tokenizer, completer, e.match().prompt(), q, j, Seeds.derive(seed, j))));
        decoded = NDArrays.concat(new NDList(decoded.get("0:" + j), generated, decoded.get((j + 1) + ":")), 0);
      }
    }
    // put the decoded rows back in place
    List<NDArray> rows = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < b; i++) {
      if (j < n && viaTokenizer.get(j) == i) {
        rows.add(decoded.get(j + ":" + (j + 1)));
        j++;
      } else {
        rows.add(x.get(i + ":" + (i + 1)));
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /**
   * The images (M, 3, H, W) of the negative rows that replace an example's own image, in the examples'
   * order: a malformed scene through the example's variant, or the code-damaged reconstruction.
   */
  static NDArray replacedNegatives(NDManager manager, Tokenizer tokenizer, RewardTrainer.Completer completer, List<Example> ex, long seed) {
    List<Example> malformed = ex.stream().filter(e -> e.malformed() != null).map(e -> e.withImage(e.malformed())).toList();
    List<Example> damaged = ex.stream().filter(e -> e.damage() != null).toList();
    NDArray m = malformed.isEmpty() ? null : variants(manager, tokenizer, completer, malformed, seed);
    NDArray d = null;
    if (!damaged.isEmpty()) {
      d = CodeDamage.apply(
          tokenizer,
          ImageBatch.toArray(manager, damaged.stream().map(Example::image).toList()), // the clean renders (variant 2)
          damaged.stream().map(Example::scene).toList(),
          damaged.stream().map(Example::damage).toList());
    }
    List<NDArray> rows = new ArrayList<>();
    int mi = 0, di = 0;
    for (Example e : ex) {
      if (e.malformed() != null) {
        rows.add(m.get(mi + ":" + (mi + 1)));
        mi++;
      } else if (e.damage() != null) {
        rows.add(d.get(di + ":" + (di + 1)));
        di++;
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /** The negative rows' image tokens: the replacing image's (in order) where an example has one, else its own. */
  static NDArray negativeRows(List<Example> ex, NDArray tokens, NDArray replacedTokens) {
    List<NDArray> rows = new ArrayList<>();
    int m = 0;
    for (int i = 0; i < ex.size(); i++) {
      if (ex.get(i).replacesNegative()) {
        rows.add(replacedTokens.get(m + ":" + (m + 1)));
        m++;
      } else {
        rows.add(tokens.get(i + ":" + (i + 1)));
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /**
   * The generator's completion of a known scene: its first {@link RewardTrainer#FORCED_SCALES} scales forced to
   * row {@code row} of {@code q}, the rest sampled. Runs without autograd and restores the caller's
   * grad mode (this is called inside the reward's training step).
   */
  static RgbImage complete(Tokenizer tokenizer, RewardTrainer.Completer completer, String prompt, Tokenizer.Quantized q, int row, long seed) {
    boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
    try (org.ttsvar.models.embedded.var.Particles p = org.ttsvar.models.embedded.var.Particles.start(completer.model(), tokenizer, prompt, 1, seed, completer.sampling())) {
      int forced = Math.min(RewardTrainer.FORCED_SCALES, p.numScales() - 1);
      for (int k = 0; k < forced; k++) {
        p.stepForced(q.bits().get(k).get(row + ":" + (row + 1)));
      }
      while (!p.finished()) {
        p.step();
      }
      return p.decodeAll()[0];
    } finally {
      ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
    }
  }
}
