package org.ttsvar.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The search strategies, all run by one engine (paper Tables 1, 6, 11, 14). With N the compute
 * budget and the model's default schedule {@code bs} (clustering scales S_c, resampling scales S_r):
 *
 * <ul>
 *   <li>{@code raw}: one path, no reward.
 *   <li>{@code bon}: Best-of-N, constant batch N, final arg-max of the reward.
 *   <li>{@code is}: importance sampling, constant batch N, VALUE resampling at every scale but the
 *       last, final arg-max.
 *   <li>{@code ttsvar}: the schedule bs×N, clustering at S_c, resampling at S_r, final arg-max.
 *   <li>{@code random-drop}: ttsvar with a uniform random drop instead of clustering (Table 14).
 *   <li>{@code cluster-only}: clustering at S_c, the last one keeping N paths (BoN over
 *       structurally diverse paths, Tables 6 and 11); no resampling.
 *   <li>{@code resample-only}: constant batch bs[first S_r − 1]×N until the resampling scales, which
 *       follow bs×N (adaptive batch + resampling, no clustering, Table 11).
 * </ul>
 */
public enum Strategy {
  RAW("raw"),
  BON("bon"),
  IS("is"),
  TTSVAR("ttsvar"),
  RANDOM_DROP("random-drop"),
  CLUSTER_ONLY("cluster-only"),
  RESAMPLE_ONLY("resample-only");

  private final String id;

  Strategy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Strategy parse(String s) {
    String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values())
        .filter(v -> v.id.equals(key))
        .findFirst()
        .orElseThrow(() -> new ScheduleException("--strategy", "unknown strategy '" + s + "'; known: " + names()));
  }

  public static String names() {
    return Arrays.stream(values()).map(Strategy::id).collect(Collectors.joining(", "));
  }
}
