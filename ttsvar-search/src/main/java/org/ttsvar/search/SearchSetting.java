package org.ttsvar.search;

/**
 * The settings of a search, each with the one name it has in code, JSON ({@code search.json},
 * {@code bench.json}), traces and messages. Front ends translate a setting to their own spelling
 * (the command line to its flag), so the search itself never names a flag.
 */
public enum SearchSetting {
  STRATEGY("strategy"),
  BUDGET("n"),
  BATCH_SCHEDULE("batchSchedule"),
  CLUSTER_SCALES("clusterScales"),
  RESAMPLE_SCALES("resampleScales"),
  POTENTIAL("potential"),
  LAMBDA("lambda"),
  EXTRACTOR("extractor"),
  REWARD("reward"),
  SCORER("scorer"),
  RESAMPLING("resampling"),
  ESS_THRESHOLD("essThreshold"),
  NARROW_ABOVE("narrowAbove"),
  DIVERSITY_FLOOR("diversityFloor");

  private final String id;

  SearchSetting(String id) {
    this.id = id;
  }

  /** The setting's name in JSON and messages. */
  public String id() {
    return id;
  }
}
