package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.nn.KvCache;

/** KV-cached stepping scale by scale gives the logits of one uncached pass over the whole sequence. */
class KvCacheConsistencyTest {
  @Test
  void cachedSteppingEqualsFullRecompute() {
    try (NDManager m = NDManager.newBaseManager(); VarModel model = TinyModels.var(m, 5)) {
      VarConfig c = model.config();
      int g = 3; // three prompts, one particle each
      SplittableRandom rng = new SplittableRandom(9);
      long[] words = new long[g * c.maxWords()];
      for (int i = 0; i < g; i++) {
        for (int j = 0; j < 6 + i; j++) {
          words[i * c.maxWords() + j] = 1 + rng.nextInt(c.vocabulary().size());
        }
      }
      NDArray w = m.create(words, new Shape(g, c.maxWords()));
      NDArray dropped = m.create(new boolean[] {false, true, false});
      int l = c.sequenceLength();
      float[] in = new float[g * (l - 1) * c.bits()];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) (rng.nextDouble() - 0.5);
      }
      NDArray inputs = m.create(in, new Shape(g, l - 1, c.bits()));
      float[] full = model.forwardTrain(w, dropped, inputs).toFloatArray(); // (G, L, d, 2)

      VarModel.TextContext t = model.encodeText(w, dropped);
      List<KvCache> caches = new ArrayList<>();
      for (int i = 0; i < c.depth(); i++) {
        caches.add(new KvCache());
      }
      List<NDArray> perScale = new ArrayList<>();
      for (int k = 0; k < c.numScales(); k++) {
        NDArray scaleIn = null;
        if (k > 0) {
          int from = c.scaleStart(k) - 1;
          scaleIn = inputs.get(":, " + from + ":" + (from + c.tokensAt(k))).expandDims(1); // (G, 1, n, d)
        }
        NDArray x = model.embed(t, scaleIn, k, k + 1, 1);
        perScale.add(model.forward(t, x, caches).squeeze(1)); // (G, n, d, 2)
      }
      float[] cached = NDArrays.concat(new NDList(perScale), 1).toFloatArray();
      assertThat(cached).hasSameSizeAs(full);
      double maxDiff = 0;
      for (int i = 0; i < full.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(full[i] - cached[i]));
      }
      assertThat(maxDiff).isLessThan(1e-4);
      assertThat(caches.get(0).length()).isEqualTo(l);
      caches.forEach(KvCache::close);
    }
  }
}
