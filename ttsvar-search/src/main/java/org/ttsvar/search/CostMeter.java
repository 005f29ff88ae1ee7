package org.ttsvar.search;

import java.util.function.Supplier;

/**
 * Where a search's time and work go: nanoseconds per part, for the scale in progress and for the
 * whole run, plus the counts and analytic FLOPs the reports need.
 */
final class CostMeter {
  enum Part { MODEL, DECODE, REWARD, FEATURES }

  private final long runStart = System.nanoTime();
  private final long[] total = new long[Part.values().length];
  private long[] scale = new long[Part.values().length];
  private long scaleStart = System.nanoTime();
  int decodes;
  int rewardCalls;
  double flops;
  long peakStateBytes;

  /** Runs {@code work}, charging its time to {@code part}. */
  <T> T time(Part part, Supplier<T> work) {
    long a = System.nanoTime();
    T result = work.get();
    long spent = System.nanoTime() - a;
    total[part.ordinal()] += spent;
    scale[part.ordinal()] += spent;
    return result;
  }

  void time(Part part, Runnable work) {
    time(part, () -> {
      work.run();
      return null;
    });
  }

  /** Starts timing a scale (time before it, such as starting the paths, belongs to no scale). */
  void startScale() {
    scale = new long[Part.values().length];
    scaleStart = System.nanoTime();
  }

  /** The scale's timings; search is whatever the scale spent outside the four parts. */
  ScaleTrace.Timings scaleTimings() {
    long wall = System.nanoTime() - scaleStart;
    long parts = scale[0] + scale[1] + scale[2] + scale[3];
    return new ScaleTrace.Timings(
        scale[Part.MODEL.ordinal()], scale[Part.DECODE.ordinal()], scale[Part.REWARD.ordinal()], scale[Part.FEATURES.ordinal()], wall - parts);
  }

  SearchResult.Stats stats() {
    long wall = System.nanoTime() - runStart;
    long model = total[Part.MODEL.ordinal()], decode = total[Part.DECODE.ordinal()];
    long reward = total[Part.REWARD.ordinal()], features = total[Part.FEATURES.ordinal()];
    return new SearchResult.Stats(wall, model, decode, reward, features, wall - model - decode - reward - features, decodes, rewardCalls, flops, peakStateBytes);
  }
}
