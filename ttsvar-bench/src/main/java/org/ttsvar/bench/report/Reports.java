package org.ttsvar.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.stats.Claim;
import org.ttsvar.bench.stats.CostMatched;
import org.ttsvar.bench.stats.PairedBootstrap;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.bench.studies.Consistency;
import org.ttsvar.search.Strategy;
import org.ttsvar.world.Task;
import org.ttsvar.world.io.AtomicFiles;

/** Writes {@code results.json}, {@code summary.md} and the self-contained {@code report.html}. */
public final class Reports {
  public static final String RESULTS = "results.json";
  public static final String SUMMARY = "summary.md";
  public static final String HTML = "report.html";
  private static final List<String> CURVES = List.of("raw", "is", "bon", "ttsvar");

  private Reports() {}

  public static void write(Path out, Results r) throws IOException {
    AtomicFiles.write(out.resolve(RESULTS), r.toJson().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(out.resolve(SUMMARY), markdown(r).getBytes(StandardCharsets.UTF_8));
    Path consistency = out.resolve(Consistency.PNG);
    byte[] plot = java.nio.file.Files.isRegularFile(consistency) ? java.nio.file.Files.readAllBytes(consistency) : null;
    AtomicFiles.write(out.resolve(HTML), html(r, plot).getBytes(StandardCharsets.UTF_8));
  }

  static String markdown(Results r) {
    StringBuilder s = new StringBuilder();
    s.append("# Benchmark: suite ").append(r.suite()).append("\n\n");
    s.append("- prompts: ").append(r.prompts()).append(", seeds ").append(r.seeds()).append(", shard ").append(r.shard())
        .append(r.complete() ? "" : " (**incomplete**: resume to finish)").append("\n");
    s.append("- model: ").append(r.model()).append("\n");
    s.append("- accuracy: MiniGenEval (the verifier), overall = mean of the task accuracies; reward: the model's default reward of the final image\n\n");
    s.append("| configuration | varies | images | overall |");
    for (Task t : Task.values()) {
      s.append(' ').append(t.tag()).append(" |");
    }
    s.append(" reward | GFLOPs/image | decodes/image | state MB | diversity | s/image | peak RSS MB |\n|---|---|---:|---:|");
    s.append("---:|".repeat(Task.values().length)).append("---:|---:|---:|---:|---:|---:|---:|\n");
    for (Results.ConfigResult c : r.configs()) {
      s.append("| ").append(c.name()).append(" | ").append(c.label()).append(" | ").append(c.images()).append(" | ").append(f3(c.overall())).append(" |");
      for (Task t : Task.values()) {
        s.append(' ').append(f3(c.tasks().get(t.tag()))).append(" |");
      }
      s.append(String.format(Locale.ROOT, " %.3f | %.3f | %.1f | %.2f | %s | %.3f | %.0f |%n", c.meanReward(), c.flopsPerImage() / 1e9,
          c.decodesPerImage(), c.stateBytes() / 1048576.0, f3(c.diversity()), c.measured().wallSecondsPerImage(), c.measured().peakRssMb()));
    }
    if (!r.comparisons().isEmpty()) {
      s.append("\n## Differences against the reference (paired bootstrap over prompts, 95% interval)\n\n");
      s.append("| configuration | versus | Δ overall | 95% interval | |\n|---|---|---:|---|---|\n");
      for (Results.Comparison c : r.comparisons()) {
        PairedBootstrap.Difference d = c.difference();
        s.append(String.format(Locale.ROOT, "| %s | %s | %+.3f | %+.3f … %+.3f | %s |%n", c.config(), c.versus(), d.mean(), d.low(), d.high(),
            d.clear() ? (d.mean() > 0 ? "better" : "worse") : "within noise"));
      }
    }
    if (r.costMatched() != null && !r.costMatched().isEmpty()) {
      s.append("\n## Against Best-of-N at the same cost (paired bootstrap, 95% interval)\n\n");
      s.append("Each search is paired with the cheapest Best-of-N that costs as much or more (\"≥\"; \"<\" where every Best-of-N of the run costs less);"
          + " \"BoN at cost\" is the Best-of-N curve interpolated at the search's cost.\n\n");
      s.append("| configuration | cost | search | overall | Best-of-N | its cost | BoN at cost | Δ overall | 95% interval | |\n|---|---|---:|---:|---|---:|---:|---:|---|---|\n");
      for (CostMatched.Match m : r.costMatched()) {
        PairedBootstrap.Difference d = m.difference();
        s.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %s %s | %.3f | %s | %s | %s | %s |%n", m.config(), m.cost().unit(), m.searchCost(), m.overall(),
            m.curveEndsBelow() ? "<" : "≥", m.bestOfN(), m.bestOfNCost(), f3(m.bestOfNAtCost()),
            d == null ? "—" : String.format(Locale.ROOT, "%+.3f", d.mean()), d == null ? "—" : String.format(Locale.ROOT, "%+.3f … %+.3f", d.low(), d.high()),
            d == null ? "" : d.clear() ? (d.mean() > 0 ? "better" : "worse") : "within noise"));
      }
    }
    s.append("\n## The paper's claims on these numbers\n\n");
    for (Claim c : r.claims()) {
      s.append("- **").append(c.claim()).append("**: ").append(c.verdict())
          .append(" (").append(c.evidence()).append(c.measured() == null ? "" : "; " + c.measured()).append(")\n");
    }
    return s.toString();
  }

  private static String f3(Double x) {
    return x == null ? "—" : String.format(Locale.ROOT, "%.3f", x);
  }

  /** The report page; {@code consistencyPng} is the consistency-per-scale plot, when measured. */
  static String html(Results r, byte[] consistencyPng) throws IOException {
    StringBuilder s = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>ttsvar bench ")
        .append(esc(r.suite()))
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;font-size:13px}"
            + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:right}td:first-child,th:first-child{text-align:left}"
            + "img{margin:6px;border:1px solid #ddd}</style></head><body>");
    s.append("<h1>Benchmark: suite ").append(esc(r.suite())).append("</h1>");
    s.append("<pre>").append(esc(markdown(r))).append("</pre>");
    List<Chart<?, ?>> charts = new ArrayList<>();
    charts.add(scoreVs(r, false));
    charts.add(scoreVs(r, true));
    charts.add(costMatchedPlot(r, CostMatched.Cost.WALL));
    charts.add(costMatchedPlot(r, CostMatched.Cost.GFLOPS));
    charts.add(costBars(r));
    charts.add(taskBars(r));
    charts.add(ablationBars(r));
    for (Chart<?, ?> c : charts) {
      if (c != null) {
        s.append("<img alt=\"").append(esc(c.getTitle())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG))).append("\">");
      }
    }
    if (consistencyPng != null) {
      s.append("<img alt=\"Consistency per scale\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(consistencyPng)).append("\">");
    }
    return s.append("</body></html>\n").toString();
  }

  /** Overall accuracy against N (or FLOPs per image) for the plain strategies. */
  private static XYChart scoreVs(Results r, boolean flops) {
    Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
    for (Results.ConfigResult c : r.configs()) {
      BenchConfig b = c.config();
      if (c.overall() != null && c.label().isEmpty() && CURVES.contains(b.spec().strategy().id())) {
        series.computeIfAbsent(b.spec().strategy().id(), k -> new TreeMap<>()).put(flops ? c.flopsPerImage() / 1e9 : b.spec().budget(), c.overall());
      }
    }
    if (series.isEmpty()) {
      return null;
    }
    XYChart chart = new XYChartBuilder().width(560).height(380).title(flops ? "Overall vs GFLOPs per image" : "Overall vs N")
        .xAxisTitle(flops ? "GFLOPs per image" : "N").yAxisTitle("overall (verifier)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    if (flops) {
      chart.getStyler().setXAxisLogarithmic(true);
    }
    series.forEach((name, pts) -> chart.addSeries(name, new ArrayList<>(pts.keySet()), new ArrayList<>(pts.values())));
    return chart;
  }

  /** Accuracy against cost: Best-of-N's curve as a line, every other configuration that scores images as a point. */
  private static XYChart costMatchedPlot(Results r, CostMatched.Cost cost) {
    List<Results.ConfigResult> curve = r.configs().stream()
        .filter(c -> c.overall() != null && c.config().isPlain(Strategy.BON, c.config().spec().budget()))
        .sorted(java.util.Comparator.comparingDouble(c -> costOf(c, cost)))
        .toList();
    if (curve.size() < 2 || costOf(curve.get(0), cost) <= 0) {
      return null;
    }
    XYChart chart = new XYChartBuilder().width(760).height(480).title("Accuracy vs " + cost.unit() + ": Best-of-N curve and the searches")
        .xAxisTitle(cost.unit()).yAxisTitle("overall (verifier)").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLogarithmic(true);
    var line = chart.addSeries("Best-of-N (N = " + curve.stream().map(c -> String.valueOf(c.config().spec().budget())).collect(java.util.stream.Collectors.joining(", ")) + ")",
        curve.stream().map(c -> costOf(c, cost)).toList(), curve.stream().map(Results.ConfigResult::overall).toList());
    line.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.CIRCLE);
    for (Results.ConfigResult c : r.configs()) {
      Strategy s = c.config().spec().strategy();
      if (c.overall() != null && s != Strategy.BON && s != Strategy.RAW && costOf(c, cost) > 0) {
        var point = chart.addSeries(c.name(), List.of(costOf(c, cost)), List.of(c.overall()));
        point.setXYSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
      }
    }
    return chart;
  }

  private static double costOf(Results.ConfigResult c, CostMatched.Cost cost) {
    return cost == CostMatched.Cost.WALL ? c.measured().wallSecondsPerImage() : c.flopsPerImage() / 1e9;
  }

  /** Wall time and state memory per image, relative to Best-of-N at the same N. */
  private static CategoryChart costBars(Results r) {
    List<String> names = new ArrayList<>();
    List<Double> time = new ArrayList<>(), memory = new ArrayList<>();
    for (Results.ConfigResult c : r.configs()) {
      BenchConfig b = c.config();
      Results.ConfigResult bon = r.config("bon-n" + b.spec().budget());
      if (c.label().isEmpty() && bon != null && bon.measured().wallSecondsPerImage() > 0 && bon.stateBytes() > 0) {
        names.add(c.name());
        time.add(c.measured().wallSecondsPerImage() / bon.measured().wallSecondsPerImage());
        memory.add(c.stateBytes() / bon.stateBytes());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    CategoryChart chart = new CategoryChartBuilder().width(560).height(380).title("Time and memory vs Best-of-N at the same N").yAxisTitle("ratio").build();
    chart.addSeries("wall time", names, time);
    chart.addSeries("state memory", names, memory);
    chart.getStyler().setXAxisLabelRotation(45);
    return chart;
  }

  /** Per-task accuracy of the plain configurations at the largest N. */
  private static CategoryChart taskBars(Results r) {
    int maxN = r.configs().stream().filter(c -> c.label().isEmpty()).mapToInt(c -> c.config().spec().budget()).max().orElse(0);
    List<String> tasks = Task.tags();
    CategoryChart chart = new CategoryChartBuilder().width(760).height(380).title("Accuracy per task (N = " + maxN + ", and raw)").yAxisTitle("accuracy").build();
    chart.getStyler().setYAxisMax(1.0).setYAxisMin(0.0);
    int added = 0;
    for (Results.ConfigResult c : r.configs()) {
      if (c.label().isEmpty() && (c.config().spec().budget() == maxN || c.config().spec().strategy() == Strategy.RAW) && !c.tasks().isEmpty()) {
        chart.addSeries(c.name(), tasks, tasks.stream().map(t -> c.tasks().getOrDefault(t, 0.0)).toList());
        added++;
      }
    }
    return added == 0 ? null : chart;
  }

  /** Overall accuracy of every labelled (ablation) configuration. */
  private static CategoryChart ablationBars(Results r) {
    List<String> names = new ArrayList<>();
    List<Double> overall = new ArrayList<>();
    for (Results.ConfigResult c : r.configs()) {
      if (!c.label().isEmpty() && c.overall() != null) {
        names.add(c.name());
        overall.add(c.overall());
      }
    }
    if (names.isEmpty()) {
      return null;
    }
    CategoryChart chart = new CategoryChartBuilder().width(900).height(420).title("Ablations: overall accuracy").yAxisTitle("overall (verifier)").build();
    chart.addSeries("overall", names, overall);
    chart.getStyler().setXAxisLabelRotation(60).setLegendVisible(false);
    return chart;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
