package org.ttsvar.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * A pure-Java stand-in for a VAR model: each path's state is a hash chain of the values its stream
 * draws at each scale, its "image" a 4×4 picture of that state. Paths are independent of each
 * other, as a real model's must be, and follow {@link StreamIds} through selections.
 */
class FakeGenerator implements PathGenerator {
  private final int scales;
  int decodeCalls;

  FakeGenerator(int scales) {
    this.scales = scales;
  }

  @Override
  public int numScales() {
    return scales;
  }

  @Override
  public Paths start(String prompt, int count, long seed) {
    long[] s = new long[count];
    for (int i = 0; i < count; i++) {
      s[i] = StreamIds.initial(seed, i);
    }
    return startWithStreams(prompt, s);
  }

  @Override
  public Paths startWithStreams(String prompt, long[] streams) {
    return new FakePaths(streams.clone(), prompt.hashCode());
  }

  @Override
  public double stepFlops(int scale) {
    return 1000.0 * (scale + 1) * (scale + 1);
  }

  @Override
  public double decodeFlops() {
    return 500;
  }

  final class FakePaths implements Paths {
    long[] streams;
    long[] state;
    int done;

    FakePaths(long[] streams, long promptHash) {
      this.streams = streams;
      this.state = new long[streams.length];
      Arrays.fill(state, promptHash);
    }

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
      }
      done++;
    }

    @Override
    public List<RgbImage> decode(int[] rows) {
      decodeCalls++;
      List<RgbImage> out = new ArrayList<>();
      for (int r : rows) {
        byte[] px = new byte[4 * 4 * 3];
        for (int i = 0; i < px.length; i++) {
          px[i] = (byte) (state[r] >>> (i % 56));
        }
        out.add(new RgbImage(4, 4, px));
      }
      return out;
    }

    @Override
    public void select(int[] rows) {
      streams = StreamIds.afterSelection(streams, rows, done);
      long[] s = new long[rows.length];
      for (int j = 0; j < rows.length; j++) {
        s[j] = state[rows[j]];
      }
      state = s;
    }

    @Override
    public float[][] codeMaps() {
      float[][] out = new float[state.length][4];
      for (int i = 0; i < state.length; i++) {
        for (int j = 0; j < 4; j++) {
          out[i][j] = (state[i] >>> (16 * j)) & 0x3;
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
      return 8L * state.length;
    }

    @Override
    public void close() {}
  }

  /** Reward: the first pixel's red value over 255 (deterministic, varied). */
  static final Reward REWARD =
      new Reward() {
        @Override
        public String name() {
          return "fake";
        }

        @Override
        public double[] score(String prompt, List<RgbImage> images) {
          return images.stream().mapToDouble(i -> i.get(0, 0, 0) / 255.0).toArray();
        }
      };

  /** Features: the code map, no decode needed. */
  static final FeatureExtractor LATENT =
      new FeatureExtractor() {
        @Override
        public String name() {
          return "latent";
        }

        @Override
        public boolean needsImages() {
          return false;
        }

        @Override
        public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
          double[][] out = new double[codeMaps.length][];
          for (int i = 0; i < codeMaps.length; i++) {
            out[i] = new double[codeMaps[i].length];
            for (int j = 0; j < codeMaps[i].length; j++) {
              out[i][j] = codeMaps[i][j];
            }
          }
          return out;
        }
      };
}
