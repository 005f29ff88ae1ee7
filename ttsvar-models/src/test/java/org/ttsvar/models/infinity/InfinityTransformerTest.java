package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.golden;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.maxAbsDiff;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsvar.tensor.SafeTensors;

/**
 * Teacher-forced parity of the transformer with the reference (goldens by
 * tools/parity/infinity/make_goldens.py running FoundationVision/Infinity on a tiny random model): the
 * recorded bits are fed back scale by scale and every scale's guided logits are compared.
 */
class InfinityTransformerTest {
  static Schedules.Schedule schedule(SafeTensors g) {
    return Schedules.of(g.metadata().get("pn"), Double.parseDouble(g.metadata().get("h_div_w")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void ropeTableMatchesTheReference(String file) throws IOException {
    try (NDManager m = NDManager.newBaseManager(); SafeTensors g = SafeTensors.open(resource(file))) {
      float diff = maxAbsDiff(Rope2d.tableArray(m, schedule(g), 64), golden(m, g, "rope"));
      System.out.printf("%s: rope max |Δ| = %.3g%n", file, diff);
      assertThat(diff).isLessThanOrEqualTo(1e-5f);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void teacherForcedLogitsMatchTheReferenceAtEveryScale(String file) throws IOException {
    try (NDManager m = NDManager.newBaseManager();
        SafeTensors g = SafeTensors.open(resource(file));
        InfinityTransformer model = InfinityTransformer.load(resource("tiny_infinity.pth"), m)) {
      Schedules.Schedule sched = schedule(g);
      List<int[]> scales = sched.scales();
      int[] last = sched.last();
      float cfg = Float.parseFloat(g.metadata().get("cfg"));
      InfinityTransformer.Run run = model.start(golden(m, g, "text.features"), sched, 1);
      float condDiff = maxAbsDiff(run.cond(), golden(m, g, "text.cond"));
      float worst = 0;
      StringBuilder perScale = new StringBuilder();
      try (SummedCodes sum = new SummedCodes(m, 1, model.codeDim(), last[0], last[1])) {
        NDArray input = null;
        for (int k = 0; k < scales.size(); k++) {
          NDArray logits = InfinityTransformer.guide(run.step(input == null ? null : input.expandDims(0)), cfg).get(0); // (L, d, 2)
          float d = maxAbsDiff(logits, golden(m, g, "scale." + k + ".logits"));
          perScale.append(String.format(" %.2g", d));
          worst = Math.max(worst, d);
          sum.add(golden(m, g, "scale." + k + ".bits").expandDims(0), scales.get(k)[0], scales.get(k)[1]);
          if (k + 1 < scales.size()) {
            input = sum.nextInput(scales.get(k + 1)[0], scales.get(k + 1)[1]).get(0); // (L, d)
          }
        }
      }
      System.out.printf("%s: text cond max |Δ| = %.3g; logits max |Δ| per scale:%s%n", file, condDiff, perScale);
      assertThat(condDiff).isLessThanOrEqualTo(1e-5f);
      assertThat(worst).isLessThanOrEqualTo(1e-4f);
    }
  }

  /**
   * A step frees each block's temporaries before the next block runs: at 2B size they are ~250 MB a block
   * at 16×16 and would otherwise pile up to 8 GB by the step's end (found loading the full-size 2B file).
   * What stays alive after a step, before its scope closes: the caches, the block outputs' last one and the
   * head's few arrays, however many blocks there are.
   */
  @Test
  void aStepKeepsNoBlockTemporaries() throws IOException {
    try (NDManager m = NDManager.newBaseManager();
        SafeTensors g = SafeTensors.open(resource("golden_r1_006M.safetensors"));
        InfinityTransformer model = InfinityTransformer.load(resource("tiny_infinity.pth"), m)) {
      NDManager work = m.newSubManager();
      InfinityTransformer.Run run = model.start(golden(work, g, "text.features"), schedule(g), 2);
      for (int k = 0; k < 2; k++) {
        int before = m.getManagedArrays().size();
        int alive;
        try (NDScope scope = new NDScope()) {
          run.step(k == 0 ? null : work.zeros(new Shape(2, 4, model.codeDim())));
          alive = m.getManagedArrays().size() - before;
        }
        int afterScope = m.getManagedArrays().size() - before;
        System.out.printf("scale %d: %d arrays alive after the step, %d after its scope%n", k, alive, afterScope);
        assertThat(alive).as("arrays alive at the end of a step of a 2-block model").isLessThanOrEqualTo(30);
        assertThat(afterScope).as("the caches' arrays: 2 per block").isLessThanOrEqualTo(4);
      }
      run.close();
      work.close();
    }
  }

  @Test
  void sizesComeFromTheCheckpoint() throws IOException {
    try (NDManager m = NDManager.newBaseManager(); InfinityTransformer model = InfinityTransformer.load(resource("tiny_infinity.pth"), m)) {
      assertThat(model.depth()).isEqualTo(2);
      assertThat(model.codeDim()).isEqualTo(32);
    }
  }
}
