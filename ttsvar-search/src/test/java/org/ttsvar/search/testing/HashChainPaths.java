package org.ttsvar.search.testing;

import java.util.Arrays;
import java.util.List;
import org.ttsvar.search.Paths;
import org.ttsvar.search.StreamIds;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * Paths of a pure-Java stand-in for a VAR model, for tests: each path's state is a hash chain of the
 * values its stream draws at each scale; its "fate" is its state after the second scale. Paths are
 * independent of each other, as a real model's must be, and follow {@link StreamIds} through
 * selections. Subclasses say what a decoded image looks like.
 */
public abstract class HashChainPaths implements Paths {
  private final int codeMask;
  private final long bytesPerPath;
  protected long[] streams;
  protected long[] state;
  protected long[] fate;
  protected int done;

  /**
   * @param initial every path's state before the first scale
   * @param codeMask the bits of each 16-bit slice of the state that make the 4-entry code map
   */
  protected HashChainPaths(long[] streams, long initial, int codeMask, long bytesPerPath) {
    this.streams = streams.clone();
    this.state = new long[streams.length];
    this.fate = new long[streams.length];
    Arrays.fill(state, initial);
    this.codeMask = codeMask;
    this.bytesPerPath = bytesPerPath;
  }

  @Override
  public abstract List<RgbImage> decode(int[] rows);

  @Override
  public int size() {
    return streams.length;
  }

  @Override
  public int scalesDone() {
    return done;
  }

  @Override
  public void step() {
    for (int i = 0; i < state.length; i++) {
      state[i] = Seeds.mix(state[i] * 31 + Seeds.derive(streams[i], done));
      if (done == 1) {
        fate[i] = state[i];
      }
    }
    done++;
  }

  @Override
  public void select(int[] rows) {
    streams = StreamIds.afterSelection(streams, rows, done);
    long[] s = new long[rows.length], f = new long[rows.length];
    for (int j = 0; j < rows.length; j++) {
      s[j] = state[rows[j]];
      f[j] = fate[rows[j]];
    }
    state = s;
    fate = f;
  }

  @Override
  public float[][] codeMaps() {
    float[][] out = new float[state.length][4];
    for (int i = 0; i < state.length; i++) {
      for (int j = 0; j < 4; j++) {
        out[i][j] = (state[i] >>> (16 * j)) & codeMask;
      }
    }
    return out;
  }

  @Override
  public long[] streams() {
    return streams.clone();
  }

  @Override
  public void setStreams(long[] s) {
    streams = s.clone();
  }

  @Override
  public long stateBytes() {
    return bytesPerPath * state.length;
  }

  @Override
  public void close() {}
}
