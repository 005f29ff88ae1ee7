package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * A batch of candidate generation paths of a next-scale (VAR) model, advanced one scale at a time:
 * the generator's side of the search. Implementations keep all per-path state (KV caches of both
 * guidance halves, accumulated codes, next-scale input, RNG streams) and gather it in {@link #select}.
 */
public interface Paths extends AutoCloseable {
  /** Paths in the batch. */
  int size();

  /** Scales generated so far. */
  int scalesDone();

  /** Generates the next scale for every path. */
  void step();

  /** Decodes the current (partial) images of the given rows. */
  List<RgbImage> decode(int[] rows);

  /** Keeps the given rows in this order; rows may repeat (copies then diverge). */
  void select(int[] rows);

  /** The accumulated code map of every path, flattened (features that need no decode). */
  float[][] codeMaps();

  /** Each path's current RNG stream id (recorded in the trace for replay). */
  long[] streams();

  /** Replaces the streams (replay of a recorded path). */
  void setStreams(long[] streams);

  /** Bytes of per-path state held right now (KV caches and code maps). */
  long stateBytes();

  @Override
  void close();
}
