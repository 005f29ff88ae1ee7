package org.ttsvar.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The search strategies, all run by one engine (paper Tables 1, 6, 11, 14). Each strategy owns its
 * behaviour: whether it scores images, what it does at a clustering scale, and the schedule it runs
 * for a budget N given the model's base schedule {@code bs} (clustering scales S_c, resampling
 * scales S_r). This is the one place that says what a strategy does.
 */
public enum Strategy {
  /** One path, no reward. */
  RAW("raw", false, Decision.NONE) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      return Schedule.of(ones(scales), 1, Set.of(), Set.of(), scales);
    }
  },
  /** Best-of-N: constant batch N, final arg-max of the reward. */
  BON("bon", true, Decision.NONE) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      return Schedule.of(ones(scales), n, Set.of(), Set.of(), scales);
    }
  },
  /** Importance sampling: constant batch N, resampling by value at every scale but the last. */
  IS("is", true, Decision.NONE) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      Set<Integer> every = IntStream.range(0, scales - 1).boxed().collect(Collectors.toCollection(TreeSet::new));
      return Schedule.of(ones(scales), n, Set.of(), every, scales);
    }
  },
  /** TTS-VAR: the schedule bs×N, clustering at S_c, resampling at S_r. */
  TTSVAR("ttsvar", true, Decision.CLUSTER) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      return Schedule.of(base, n, cluster, resample, scales);
    }
  },
  /** TTS-VAR with a uniform random drop instead of clustering (Table 14). */
  RANDOM_DROP("random-drop", true, Decision.RANDOM_DROP) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      return Schedule.of(base, n, cluster, resample, scales);
    }
  },
  /**
   * Clustering at S_c, the last one keeping N paths, no resampling: Best-of-N over structurally
   * diverse paths (Tables 6 and 11).
   */
  CLUSTER_ONLY("cluster-only", true, Decision.CLUSTER) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      int lastCluster = cluster.stream().mapToInt(Integer::intValue).max()
          .orElseThrow(() -> new SearchSettingException(SearchSetting.CLUSTER_SCALES, "cluster-only needs clustering scales"));
      Schedule.requireOneEntryPerScale(base, scales);
      Schedule.requireScale(SearchSetting.CLUSTER_SCALES, lastCluster, scales);
      int[] b = base.clone();
      Arrays.fill(b, lastCluster, b.length, base[base.length - 1]);
      return Schedule.of(b, n, cluster, Set.of(), scales);
    }
  },
  /**
   * Constant batch bs[first S_r − 1]×N until the resampling scales, which follow bs×N: adaptive
   * batch and resampling without clustering (Table 11).
   */
  RESAMPLE_ONLY("resample-only", true, Decision.NONE) {
    @Override
    Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales) {
      int firstResample = resample.stream().mapToInt(Integer::intValue).min()
          .orElseThrow(() -> new SearchSettingException(SearchSetting.RESAMPLE_SCALES, "resample-only needs resampling scales"));
      Schedule.requireOneEntryPerScale(base, scales);
      Schedule.requireScale(SearchSetting.RESAMPLE_SCALES, firstResample, scales);
      int[] b = base.clone();
      Arrays.fill(b, 0, firstResample, firstResample == 0 ? base[0] : base[firstResample - 1]);
      return Schedule.of(b, n, Set.of(), resample, scales);
    }
  };

  /** The budget when none is given: raw makes one path, the searches four. */
  public static final int DEFAULT_BUDGET = 4;

  private final String id;
  private final boolean usesReward;
  private final Decision atClusterScales;

  Strategy(String id, boolean usesReward, Decision atClusterScales) {
    this.id = id;
    this.usesReward = usesReward;
    this.atClusterScales = atClusterScales;
  }

  /**
   * The schedule this strategy runs for budget {@code n} on a model of {@code scales} scales, from
   * the model's (or the user's) base schedule and decision scales (raw, bon and is ignore them).
   *
   * @throws SearchSettingException naming the setting and the rule broken
   */
  abstract Schedule schedule(int[] base, Set<Integer> cluster, Set<Integer> resample, int n, int scales);

  /** The name on the command line, in JSON and in traces. */
  public String id() {
    return id;
  }

  /** Whether the strategy scores images with a reward (all but raw). */
  public boolean usesReward() {
    return usesReward;
  }

  /** Whether the strategy runs the model's schedule and its decisions (ttsvar and its ablations; not raw, bon or is). */
  public boolean followsModelSchedule() {
    return this == TTSVAR || this == RANDOM_DROP || this == CLUSTER_ONLY || this == RESAMPLE_ONLY;
  }

  /** Whether the strategy clusters on structural features (and so needs a feature extractor). */
  public boolean clusters() {
    return atClusterScales == Decision.CLUSTER;
  }

  /** What the strategy does at the schedule's clustering scales: cluster, drop at random, or (none) nothing. */
  public Decision atClusterScales() {
    return atClusterScales;
  }

  /**
   * The potential this strategy resamples by: raw, Best-of-N and importance sampling always use the
   * value (the paper's IS baseline); the others the requested one (the model's or the user's).
   */
  public Potential potential(Potential requested) {
    return this == RAW || this == BON || this == IS ? Potential.VALUE : requested;
  }

  /**
   * The budget N this strategy runs with: the requested one, or the default when none was asked.
   * Raw sampling makes exactly one path and refuses another budget rather than change it silently.
   */
  public int budget(Integer requested) {
    if (this == RAW) {
      if (requested != null && requested != 1) {
        throw new SearchSettingException(SearchSetting.BUDGET, "raw sampling generates one path; use n = 1, or a search (bon, ttsvar, …) for " + requested);
      }
      return 1;
    }
    int n = requested == null ? DEFAULT_BUDGET : requested;
    if (n < 1) {
      throw new SearchSettingException(SearchSetting.BUDGET, "must be ≥ 1, got " + n);
    }
    return n;
  }

  public static Strategy parse(String s) {
    String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(v -> v.id.equals(key))
        .findFirst()
        .orElseThrow(() -> new SearchSettingException(SearchSetting.STRATEGY, "unknown strategy '" + s + "'; known: " + names()));
  }

  public static String names() {
    return Arrays.stream(values()).map(Strategy::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }

  private static int[] ones(int scales) {
    int[] b = new int[scales];
    Arrays.fill(b, 1);
    return b;
  }
}
