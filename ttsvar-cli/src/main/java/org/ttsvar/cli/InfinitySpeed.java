package org.ttsvar.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.infinity.InfinityPathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.world.io.ProcessMemory;

/**
 * {@code ttsvar speed --model infinity}: raw generations of one path, one after another in one process, each timed
 * per scale and for the decode. The first run pays for first-call work (native kernels chosen, buffers allocated),
 * so it is reported apart from the median of the others; the peak resident memory covers loading and every run.
 */
final class InfinitySpeed {
  private InfinitySpeed() {}

  /** One run's seconds: the transformer's scales (sampling included) and the decode of the last scale. */
  record Run(double modelSeconds, double decodeSeconds, double[] scaleMillis) {
    double total() {
      return modelSeconds + decodeSeconds;
    }
  }

  static void measure(InfinityModels models, String prompt, int runs, PrintWriter out, ObjectNode result) throws IOException {
    InfinityPathGenerator g = models.generator();
    double gflops = 0;
    for (int k = 0; k < g.numScales(); k++) {
      gflops += g.stepFlops(k) / 1e9;
    }
    ArrayNode list = result.putArray("runs");
    Run[] done = new Run[runs];
    for (int r = 0; r < runs; r++) {
      done[r] = once(g, prompt, r);
      ObjectNode j = list.addObject().put("model_s", done[r].modelSeconds()).put("decode_s", done[r].decodeSeconds());
      Arrays.stream(done[r].scaleMillis()).forEach(j.putArray("scale_ms")::add);
      out.printf(Locale.ROOT, "run %d: %.3f s (transformer %.3f s, decode %.3f s); per scale ms %s%n", r + 1, done[r].total(), done[r].modelSeconds(),
          done[r].decodeSeconds(), Arrays.toString(Arrays.stream(done[r].scaleMillis()).mapToLong(Math::round).toArray()));
    }
    double first = done[0].total();
    double median = runs > 1 ? median(Arrays.stream(done, 1, runs).mapToDouble(Run::total).toArray()) : first;
    double peakMb = ProcessMemory.peakResidentBytes() / 1048576.0;
    result.put("transformer_gflops", gflops).put("first_s", first).put("median_s", median).put("peak_rss_mb", peakMb);
    out.printf(Locale.ROOT, "first run %.3f s, median of the others %.3f s per image; transformer %.1f GFLOPs; peak resident memory %.0f MB%n", first, median,
        gflops, peakMb);
  }

  private static Run once(InfinityPathGenerator g, String prompt, long stream) {
    Paths p = g.startWithStreams(prompt, new long[] {stream});
    try {
      double[] scaleMillis = new double[g.numScales()];
      long start = System.nanoTime();
      for (int k = 0; k < scaleMillis.length; k++) {
        long s = System.nanoTime();
        p.step();
        scaleMillis[k] = (System.nanoTime() - s) / 1e6;
      }
      long stepped = System.nanoTime();
      p.decode(new int[] {0});
      return new Run((stepped - start) / 1e9, (System.nanoTime() - stepped) / 1e9, scaleMillis);
    } finally {
      p.close();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
