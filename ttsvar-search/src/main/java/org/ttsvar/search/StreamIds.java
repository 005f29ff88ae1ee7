package org.ttsvar.search;

import org.ttsvar.world.Seeds;

/**
 * How paths' RNG streams follow a selection: a row's first occurrence keeps its parent's stream (a
 * path that survives unchanged continues exactly as it would have alone); each further copy gets a
 * stream derived from (parent stream, scale, copy number), so copies diverge from here on. Every
 * generator applies this rule so that recorded streams replay paths exactly.
 */
public final class StreamIds {
  private StreamIds() {}

  /**
   * @param streams the streams before the selection
   * @param rows the rows kept (may repeat)
   * @param scalesDone scales generated so far (the selection happens after scale scalesDone − 1)
   */
  public static long[] afterSelection(long[] streams, int[] rows, int scalesDone) {
    long[] out = new long[rows.length];
    int[] copies = new int[streams.length];
    for (int j = 0; j < rows.length; j++) {
      int c = copies[rows[j]]++;
      out[j] = c == 0 ? streams[rows[j]] : Seeds.derive(streams[rows[j]], scalesDone, c);
    }
    return out;
  }

  /** The initial stream of path i of a run seeded with {@code seed}. */
  public static long initial(long seed, int path) {
    return Seeds.derive(seed, path);
  }

  /** The initial streams of paths 0..count−1 of a run seeded with {@code seed}. */
  public static long[] initialStreams(long seed, int count) {
    long[] s = new long[count];
    for (int i = 0; i < count; i++) {
      s[i] = initial(seed, i);
    }
    return s;
  }
}
