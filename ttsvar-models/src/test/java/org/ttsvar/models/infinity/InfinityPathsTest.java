package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.golden;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.maxAbsDiff;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ttsvar.search.StreamIds;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.RgbImage;

/** Batched paths on the tiny random Infinity: parity of every row with the reference, select, replay. */
class InfinityPathsTest {
  static NDManager manager;
  static InfinityTransformer model;
  static BsqVaeDecoder vae;
  static TensorData text;

  @BeforeAll
  @BeforeContainer
  static void load() throws IOException {
    if (manager != null) {
      return;
    }
    manager = NDManager.newBaseManager();
    model = InfinityTransformer.load(resource("tiny_infinity.pth"), manager);
    vae = BsqVaeDecoder.load(resource("tiny_vae.pth"), manager);
    try (SafeTensors g = SafeTensors.open(resource("golden_r1_006M.safetensors"))) {
      text = g.read("text.features");
    }
  }

  @AfterAll
  @AfterContainer
  static void close() {
    if (manager != null) {
      manager.close();
      manager = null;
    }
  }

  static InfinityPaths paths(Schedules.Schedule schedule, Sampling sampling, long[] streams) {
    return InfinityPaths.start(model, vae, text.values(), text.shape(), schedule, sampling, streams);
  }

  /**
   * Three paths forced on the golden's bits, regrouped after scale 2 into four rows (2, 0, 0, 1): every row's
   * guided logits at every scale are the reference's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void everyRowOfABatchReproducesTheReferenceLogits(String file) throws IOException {
    try (NDManager m = NDManager.newBaseManager(); SafeTensors g = SafeTensors.open(resource(file))) {
      Schedules.Schedule sched = InfinityTransformerTest.schedule(g);
      TensorData features = g.read("text.features");
      Sampling sampling = new Sampling(Double.parseDouble(g.metadata().get("cfg")), Double.parseDouble(g.metadata().get("tau")), 0.97);
      float worst = 0;
      StringBuilder perScale = new StringBuilder();
      try (InfinityPaths p = InfinityPaths.start(model, vae, features.values(), features.shape(), sched, sampling, StreamIds.initialStreams(1, 3))) {
        for (int k = 0; k < sched.scales().size(); k++) {
          if (k == 3) {
            p.select(new int[] {2, 0, 0, 1});
          }
          NDArray bits = golden(m, g, "scale." + k + ".bits"); // (L, d)
          NDArray rows = bits.expandDims(0).broadcast(new Shape(p.size(), bits.getShape().get(0), bits.getShape().get(1)));
          try (NDArray logits = p.stepForced(rows)) { // (P, L, d, 2)
            NDArray expected = golden(m, g, "scale." + k + ".logits");
            float d = 0;
            for (int r = 0; r < p.size(); r++) {
              d = Math.max(d, maxAbsDiff(logits.get(r), expected));
            }
            perScale.append(String.format(" %.2g", d));
            worst = Math.max(worst, d);
          }
        }
        assertThat(p.size()).isEqualTo(4);
      }
      System.out.printf("%s: batch of 3 → 4 rows, logits max |Δ| over rows per scale:%s%n", file, perScale);
      assertThat(worst).isLessThanOrEqualTo(1e-4f);
    }
  }

  /** The sampler's probabilities follow the reference's order: logits / τ, then guidance, then softmax. */
  @Test
  void probabilitiesAreTheReferencesTemperedGuidedSoftmax() throws IOException {
    try (NDManager m = NDManager.newBaseManager(); SafeTensors g = SafeTensors.open(resource("golden_r1_006M.safetensors"))) {
      Schedules.Schedule sched = InfinityTransformerTest.schedule(g);
      float cfg = Float.parseFloat(g.metadata().get("cfg")), tau = Float.parseFloat(g.metadata().get("tau"));
      Sampling sampling = new Sampling(cfg, tau, 0.97);
      try (InfinityTransformer.Run run = model.start(golden(m, g, "text.features"), sched, 2)) {
        NDArray prob = sampling.probabilityOfOne(run.step(null)); // (2, 1, d)
        NDArray expected = golden(m, g, "scale.0.logits").div(tau).softmax(-1).get("..., 1"); // (1, d)
        float d = Math.max(maxAbsDiff(prob.get(0), expected), maxAbsDiff(prob.get(1), expected));
        System.out.printf("P(bit = 1) at scale 0 vs softmax(golden / τ): max |Δ| = %.3g%n", d);
        assertThat(d).isLessThanOrEqualTo(1e-5f);
      }
    }
  }

  /** Selecting rows (with repeats) mid-generation and continuing gives, byte for byte, each selected path generated alone. */
  @Property(tries = 6)
  void selectedPathsEqualSoloPaths(
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 0, max = 3) int selectAfter,
      @ForAll @Size(min = 1, max = 5) int[] rowSeeds,
      @ForAll @IntRange(min = 0, max = 1000) int seed) throws IOException {
    load();
    Schedules.Schedule sched = Schedules.of("0.06M", 1.0);
    Sampling sampling = new Sampling(3, 1.0, 0.97); // τ 1 keeps many bits random on the tiny model
    int[] rows = Arrays.stream(rowSeeds).map(r -> Math.floorMod(r, batch)).toArray();
    List<RgbImage> batched;
    float[][] batchedCodes;
    long[] startStreams, afterStreams;
    try (InfinityPaths p = paths(sched, sampling, StreamIds.initialStreams(seed, batch))) {
      startStreams = p.streams();
      for (int k = 0; k <= selectAfter; k++) {
        p.step();
      }
      p.select(rows);
      afterStreams = p.streams();
      while (p.scalesDone() < p.numScales()) {
        p.step();
      }
      batched = p.decode(allRows(p.size()));
      batchedCodes = p.codeMaps();
    }
    for (int j = 0; j < rows.length; j++) {
      try (InfinityPaths solo = paths(sched, sampling, new long[] {startStreams[rows[j]]})) {
        for (int k = 0; k <= selectAfter; k++) {
          solo.step();
        }
        solo.setStreams(new long[] {afterStreams[j]});
        while (solo.scalesDone() < solo.numScales()) {
          solo.step();
        }
        assertThat(solo.codeMaps()[0]).as("codes of path %d (row %d of %s)", j, rows[j], Arrays.toString(rows)).isEqualTo(batchedCodes[j]);
        assertThat(solo.decode(new int[] {0}).get(0)).as("image of path %d", j).isEqualTo(batched.get(j));
      }
    }
  }

  @Test
  void pathsDrawDifferentBitsAndTheStateGrowsWithTheScales() throws IOException {
    try (InfinityPaths p = paths(Schedules.of("0.06M", 1.0), new Sampling(3, 1.0, 0.97), StreamIds.initialStreams(7, 3))) {
      p.step();
      p.step();
      long early = p.stateBytes();
      p.step();
      assertThat(p.stateBytes()).isGreaterThan(early);
      float[][] codes = p.codeMaps();
      assertThat(codes[0]).isNotEqualTo(codes[1]);
      RgbImage image = p.decode(new int[] {2}).get(0);
      assertThat(image.width()).isEqualTo(256);
      assertThat(image.height()).isEqualTo(256);
    }
  }

  /** (x + 1) / 2 · 255 truncated, as the reference's {@code .to(torch.uint8)}: 0 → 127, not 128. */
  @Test
  void imagesConvertByTruncationAsTheReference() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] v = {-1f, 0f, 1f, 0.999f, -0.999f, 0.5f};
      NDArray chw = m.create(new float[] {v[0], v[1], v[2], v[3], v[4], v[5], v[0], v[1], v[2], v[3], v[4], v[5], v[0], v[1], v[2], v[3], v[4], v[5]}, new Shape(3, 2, 3));
      RgbImage img = InfinityPaths.toImage(chw);
      int[] got = new int[6];
      for (int i = 0; i < 6; i++) {
        got[i] = img.get(i % 3, i / 3, 0);
      }
      // 0 → 127.5 → 127; 0.999 → 254.87 → 254; −0.999 → 0.1275 → 0; 0.5 → 191.25 → 191
      assertThat(got).containsExactly(0, 127, 255, 254, 0, 191);
    }
  }

  static int[] allRows(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }
}
