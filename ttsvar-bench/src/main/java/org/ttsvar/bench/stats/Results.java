package org.ttsvar.bench.stats;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.search.Strategy;
import org.ttsvar.world.Task;

/**
 * What {@code results.json} holds: per configuration the verifier's accuracy (per task and overall,
 * the unweighted mean of the tasks present, as GenEval), the mean benchmark reward, the analytic cost
 * and the diversity — all reproducible from the seeds — and, apart under {@code measured}, wall
 * time and memory, which vary from run to run.
 *
 * @param complete whether every prompt of the folder's shard has a record for every configuration
 * @param costMatched each search against Best-of-N at its own cost ({@link CostMatched})
 */
@JsonPropertyOrder({"suite", "prompts", "seeds", "model", "shard", "complete", "configs", "comparisons", "costMatched", "claims"})
public record Results(
    String suite, String prompts, List<Long> seeds, String model, String shard, boolean complete, List<ConfigResult> configs,
    List<Comparison> comparisons, List<CostMatched.Match> costMatched, List<Claim> claims) {

  /**
   * One configuration's numbers.
   *
   * @param overall mean of the task accuracies (null with no images)
   * @param tasks accuracy per task present
   * @param flopsPerImage model FLOPs per final image (the whole search)
   * @param stateBytes mean over searches of the peak per-path state held (KV caches, code maps)
   * @param diversity mean over prompts of the pairwise cosine distance of its images' embeddings
   *     (null when no prompt has two images: one seed per prompt has no diversity to measure)
   */
  public record ConfigResult(
      String name,
      String label,
      BenchConfig config,
      int prompts,
      int images,
      Double overall,
      Map<String, Double> tasks,
      double meanReward,
      double flopsPerImage,
      double decodesPerImage,
      double rewardCallsPerImage,
      double stateBytes,
      Double diversity,
      Measured measured) {}

  /**
   * A configuration against its reference on the same prompts and seeds: an ablation against the
   * suite's default, a search at N against Best-of-N at the same N.
   *
   * @param difference overall(config) − overall(versus) with its paired bootstrap 95% interval
   */
  public record Comparison(String config, String versus, PairedBootstrap.Difference difference) {}

  /** Wall time and memory: real measurements of this run, not reproducible. */
  public record Measured(double wallSecondsPerPrompt, double wallSecondsPerImage, double peakRssMb) {}

  public static Results of(Manifest m, Map<BenchConfig, ? extends SortedMap<Integer, PromptRecord>> records) {
    Shard shard = m.parsedShard();
    long expected = java.util.stream.IntStream.range(0, m.promptIndices().size()).filter(shard::has).count();
    boolean complete = true;
    List<ConfigResult> out = new ArrayList<>();
    Map<String, SortedMap<Integer, PromptRecord>> byName = new LinkedHashMap<>();
    for (BenchConfig c : m.configs()) {
      SortedMap<Integer, PromptRecord> rs = records.get(c);
      complete &= rs.size() == expected;
      out.add(summarize(c, rs.values()));
      byName.put(c.name(), rs);
    }
    return new Results(m.suite(), m.prompts(), m.seeds(), m.model(), m.shard(), complete, out, comparisons(m.configs(), byName),
        CostMatched.matches(out, byName), Claims.evaluate(out, byName));
  }

  /**
   * Each search against its reference: an ablation (a labelled configuration) against the suite's
   * default (the configuration labelled "default", else plain TTS-VAR at the same N); a plain IS or
   * TTS-VAR search, and the default, against Best-of-N at the same N. Raw and Best-of-N have none.
   */
  static List<Comparison> comparisons(List<BenchConfig> configs, Map<String, SortedMap<Integer, PromptRecord>> records) {
    BenchConfig labelledDefault = configs.stream().filter(c -> c.label().equals("default")).findFirst().orElse(null);
    List<Comparison> out = new ArrayList<>();
    for (BenchConfig c : configs) {
      if (c.spec().strategy() == Strategy.BON || c.spec().strategy() == Strategy.RAW) {
        continue;
      }
      boolean ablation = !c.label().isEmpty() && !c.label().equals("default");
      BenchConfig ref = ablation
          ? (labelledDefault != null ? labelledDefault : find(configs, "ttsvar-n" + c.spec().budget()))
          : find(configs, "bon-n" + c.spec().budget());
      if (ref != null && ref != c) {
        PairedBootstrap.Difference d = PairedBootstrap.difference(records.get(c.name()), records.get(ref.name()), 0);
        if (d != null) {
          out.add(new Comparison(c.name(), ref.name(), d));
        }
      }
    }
    return out;
  }

  private static BenchConfig find(List<BenchConfig> configs, String name) {
    return configs.stream().filter(b -> b.name().equals(name)).findFirst().orElse(null);
  }

  /** Each task's share of correct images over these prompts, in task order (tasks without images left out). */
  public static Map<String, Double> taskAccuracies(Iterable<PromptRecord> prompts) {
    Map<String, int[]> perTask = new LinkedHashMap<>();
    for (Task t : Task.values()) {
      perTask.put(t.tag(), new int[2]);
    }
    for (PromptRecord p : prompts) {
      int[] t = perTask.get(p.tag());
      for (ImageRecord i : p.images()) {
        t[0] += i.correct() ? 1 : 0;
        t[1]++;
      }
    }
    Map<String, Double> tasks = new LinkedHashMap<>();
    perTask.forEach((tag, t) -> {
      if (t[1] > 0) {
        tasks.put(tag, (double) t[0] / t[1]);
      }
    });
    return tasks;
  }

  /** The report's overall accuracy: the mean of the task accuracies (null with no images). */
  public static Double overall(Map<String, Double> taskAccuracies) {
    return taskAccuracies.isEmpty() ? null : taskAccuracies.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  static ConfigResult summarize(BenchConfig c, Iterable<PromptRecord> prompts) {
    int promptCount = 0, images = 0, rewarded = 0, diverse = 0;
    double reward = 0, flops = 0, decodes = 0, calls = 0, state = 0, diversity = 0, wall = 0;
    long rss = 0;
    for (PromptRecord p : prompts) {
      promptCount++;
      if (p.images().size() >= 2) {
        diversity += p.diversity();
        diverse++;
      }
      rss = Math.max(rss, p.peakRssBytes());
      for (ImageRecord i : p.images()) {
        images++;
        if (Double.isFinite(i.reward())) {
          reward += i.reward();
          rewarded++;
        }
        flops += i.flops();
        decodes += i.decodes();
        calls += i.rewardCalls();
        state += i.stateBytes();
        wall += i.wallNanos() / 1e9;
      }
    }
    Map<String, Double> tasks = taskAccuracies(prompts);
    Double overall = overall(tasks);
    int im = Math.max(images, 1);
    return new ConfigResult(
        c.name(), c.label(), c, promptCount, images, overall, tasks,
        rewarded == 0 ? Double.NaN : reward / rewarded,
        flops / im, decodes / im, calls / im, state / im,
        diverse == 0 ? null : diversity / diverse,
        new Measured(promptCount == 0 ? 0 : wall / promptCount, wall / im, rss / 1048576.0));
  }

  public ConfigResult config(String name) {
    return configs.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }

  public String toJson() throws IOException {
    return BenchJson.RESULTS.writeValueAsString(this);
  }

  public static Results fromJson(String json) throws IOException {
    return BenchJson.LINES.readValue(json, Results.class);
  }
}
