package org.ttsvar.bench.studies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.search.Reward;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.AtomicFiles;

/**
 * Consistency per scale (paper Fig. 5b): for batches of paths generated without any selection, how
 * often the path with the best reward on its intermediate image after scale k is the path with the
 * best final reward. It tells at which scales the reward can already judge a path, which decides
 * the resampling scales: resampling earlier acts on noise.
 */
public final class Consistency {
  public static final String JSON = "consistency.json";
  public static final String PNG = "consistency.png";

  private Consistency() {}

  /**
   * @param agreement per scale, the fraction of batches whose best intermediate path is the best final path
   * @param chance the agreement a random pick would reach (1 / batch)
   * @param batches batches measured (one per prompt)
   */
  public record Result(String reward, int batch, List<Double> agreement, double chance, int batches) {}

  public static Result measure(PathGenerator generator, Reward reward, List<PromptSpec> prompts, int batch, long seed, LongConsumer progress) {
    int scales = generator.numScales();
    int[] agree = new int[scales];
    int done = 0;
    for (PromptSpec p : prompts) {
      int[] best = new int[scales];
      try (Paths paths = generator.start(p.prompt(), batch, seed + done)) {
        int[] all = java.util.stream.IntStream.range(0, batch).toArray();
        for (int k = 0; k < scales; k++) {
          paths.step();
          List<RgbImage> images = paths.decode(all);
          best[k] = argMax(reward.score(p.prompt(), images));
        }
      }
      for (int k = 0; k < scales; k++) {
        agree[k] += best[k] == best[scales - 1] ? 1 : 0;
      }
      done++;
      progress.accept(done);
    }
    List<Double> out = new ArrayList<>();
    for (int k = 0; k < scales; k++) {
      out.add(done == 0 ? 0 : (double) agree[k] / done);
    }
    return new Result(reward.name(), batch, out, 1.0 / batch, done);
  }

  /** Writes {@code consistency.json} and {@code consistency.png} (agreement per scale against chance). */
  public static void write(Result r, List<Integer> sides, Path dir) throws IOException {
    java.nio.file.Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(JSON), BenchJson.RESULTS.writeValueAsString(r).getBytes(StandardCharsets.UTF_8));
    XYChart chart = new XYChartBuilder().width(560).height(380).title("Consistency per scale (" + r.reward() + ", batches of " + r.batch() + ", " + r.batches() + " prompts)")
        .xAxisTitle("scale (side)").yAxisTitle("best intermediate = best final").build();
    List<Integer> x = new ArrayList<>();
    for (int k = 0; k < r.agreement().size(); k++) {
      x.add(k);
    }
    chart.addSeries("agreement", x, r.agreement());
    chart.addSeries("chance", x, x.stream().map(k -> r.chance()).toList());
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    chart.setCustomXAxisTickLabelsFormatter(k -> k.intValue() + " (" + sides.get(Math.min(sides.size() - 1, Math.max(0, k.intValue()))) + ")");
    AtomicFiles.write(dir.resolve(PNG), BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
  }

  private static int argMax(double[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best] || Double.isNaN(x[best])) {
        best = i;
      }
    }
    return best;
  }
}
