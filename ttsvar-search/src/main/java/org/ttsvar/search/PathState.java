package org.ttsvar.search;

import java.util.Arrays;
import java.util.List;

/**
 * What the engine remembers of one path, carried through every selection (a copy shares the
 * history so far; the arrays are never changed in place): its node id at the current scale and
 * its parent's, its rewards at every scored scale (what history potentials read), its row at every
 * scale (its lineage) and the stream it drew each scale's bits from (what replays it).
 */
record PathState(long node, long parent, double[] rewards, int[] rows, long[] streams) {

  /** The paths before the first scale: no node yet (scale 0's parents are −1). */
  static List<PathState> start(int count) {
    PathState empty = new PathState(-1, -1, new double[0], new int[0], new long[0]);
    return java.util.Collections.nCopies(count, empty);
  }

  /** This path after generating a scale as row {@code row} with {@code stream}, as node {@code node}. */
  PathState stepped(long node, int row, long stream) {
    return new PathState(node, this.node, rewards, append(rows, row), append(streams, stream));
  }

  PathState scored(double reward) {
    double[] r = Arrays.copyOf(rewards, rewards.length + 1);
    r[rewards.length] = reward;
    return new PathState(node, parent, r, rows, streams);
  }

  /** The paths kept by a selection, in its order (rows may repeat). */
  static List<PathState> select(List<PathState> paths, int[] chosen) {
    return Arrays.stream(chosen).mapToObj(paths::get).toList();
  }

  private static int[] append(int[] a, int v) {
    int[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
  }

  private static long[] append(long[] a, long v) {
    long[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
  }
}
