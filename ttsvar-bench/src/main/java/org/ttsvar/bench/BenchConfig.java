package org.ttsvar.bench;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Resampling;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;

/**
 * One configuration of a benchmark: a labelled {@link SearchSpec}. Its {@link #name()} (the spec's)
 * is its folder name and its key in {@code results.json}; in {@code bench.json} it is written flat,
 * as it always was ({@code {"label":…,"strategy":"ttsvar","n":4,"lambda":1.0}}), so older runs resume.
 *
 * @param label what the configuration varies, for reports ("resampling scales", "λ", …; "" for none)
 * @param spec the search
 */
public record BenchConfig(String label, SearchSpec spec) {

  public static BenchConfig of(Strategy strategy, int n) {
    return new BenchConfig("", SearchSpec.of(strategy, n));
  }

  public BenchConfig labelled(String l) {
    return new BenchConfig(l, spec);
  }

  public String name() {
    return spec.name();
  }

  /**
   * This configuration with other decision scales, and a batch schedule derived from the model's
   * base schedule so that the batch changes only where a decision is taken: after scale j the batch
   * is the base's entry at the last decision scale ≤ j. A clustering scale that would not reduce the
   * batch is dropped.
   */
  public BenchConfig withDecisions(List<Integer> base, List<Integer> cluster, List<Integer> resample) {
    Set<Integer> r = new TreeSet<>(resample);
    Set<Integer> c = new TreeSet<>(cluster);
    c.removeAll(r);
    int[] b = new int[base.size()];
    for (boolean changed = true; changed; ) { // dropping a clustering scale can make another one useless
      changed = false;
      int current = base.get(0);
      for (int j = 0; j < b.length; j++) {
        if (c.contains(j) || r.contains(j)) {
          current = base.get(j);
        }
        b[j] = current;
      }
      for (int k : new ArrayList<>(c)) {
        if (k == 0 || b[k] >= b[k - 1]) {
          c.remove(k);
          changed = true;
        }
      }
    }
    List<Integer> bs = Arrays.stream(b).boxed().toList();
    return with(spec.withBatchSchedule(bs.equals(base) ? null : bs).withClusterScales(List.copyOf(c)).withResampleScales(List.copyOf(r)));
  }

  public BenchConfig with(SearchSpec s) {
    return new BenchConfig(label, s);
  }

  /** The reward this configuration searches with (the model's default unless overridden). */
  public String searchReward(BenchModels models) {
    return spec.rewardName(models);
  }

  /** Whether this is the plain strategy at budget n, with none of the model's defaults overridden. */
  public boolean isPlain(Strategy strategy, int n) {
    return spec.equals(SearchSpec.of(strategy, n));
  }

  /**
   * The form in {@code bench.json}: the spec's fields beside the label, names as in {@code search.json};
   * {@code narrowAbove} is a number, or "none" for {@link SearchSpec#NO_NARROWING} (JSON has no +∞).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Json(
      String label, String strategy, int n, List<Integer> batchSchedule, List<Integer> clusterScales, List<Integer> resampleScales,
      String potential, Double lambda, String extractor, String reward, String scorer, String resampling, Double essThreshold, Object narrowAbove, Double diversityFloor) {}

  @JsonValue
  Json json() {
    return new Json(label, spec.strategy().id(), spec.budget(), spec.batchSchedule(), spec.clusterScales(), spec.resampleScales(),
        spec.potential() == null ? null : spec.potential().id(), spec.lambda(), spec.extractor(), spec.reward(), spec.scorer(),
        spec.resampling() == null ? null : spec.resampling().id(), spec.essThreshold(),
        spec.narrowAbove() != null && spec.narrowAbove() == SearchSpec.NO_NARROWING ? "none" : spec.narrowAbove(), spec.diversityFloor());
  }

  @JsonCreator
  static BenchConfig fromJson(Json j) {
    return new BenchConfig(j.label(), new SearchSpec(Strategy.parse(j.strategy()), j.n(), j.batchSchedule(), j.clusterScales(), j.resampleScales(),
        j.potential() == null ? null : Potential.parse(j.potential()), j.lambda(), j.extractor(), j.reward(), j.scorer(),
        j.resampling() == null ? null : Resampling.Method.parse(j.resampling()), j.essThreshold(), narrowAbove(j.narrowAbove()), j.diversityFloor()));
  }

  private static Double narrowAbove(Object json) {
    if (json == null) {
      return null;
    }
    if ("none".equals(json)) {
      return SearchSpec.NO_NARROWING;
    }
    if (json instanceof Number v) {
      return v.doubleValue();
    }
    throw new BenchException("narrowAbove in bench.json must be a number or \"none\", got " + json + "; the file was edited or damaged: rerun the benchmark into a new folder");
  }
}
