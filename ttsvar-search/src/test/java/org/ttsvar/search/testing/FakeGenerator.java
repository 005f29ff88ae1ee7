package org.ttsvar.search.testing;

import java.util.ArrayList;
import java.util.List;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.LatentFeatures;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.search.Reward;
import org.ttsvar.world.RgbImage;

/**
 * A pure-Java stand-in for a VAR model: {@link HashChainPaths} whose "image" is a 4×4 picture of
 * the path's state, with a reward read off that picture. Shared by the tests of every module (the
 * search module's test jar).
 */
public class FakeGenerator implements PathGenerator {
  /** Reward: the first pixel's red value over 255 (deterministic, varied). */
  public static final Reward REWARD =
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
  public static final FeatureExtractor LATENT = new LatentFeatures();

  private final int scales;

  public FakeGenerator(int scales) {
    this.scales = scales;
  }

  @Override
  public int numScales() {
    return scales;
  }


  @Override
  public Paths startWithStreams(String prompt, long[] streams) {
    return new HashChainPaths(streams, prompt.hashCode(), 0x3, 8) {
      @Override
      public List<RgbImage> decode(int[] rows) {
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
    };
  }

  @Override
  public double stepFlops(int scale) {
    return 1000.0 * (scale + 1) * (scale + 1);
  }

  @Override
  public double decodeFlops() {
    return 500;
  }
}
