package org.ttsvar.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.StreamIds;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Perturbations;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;

/**
 * A pure-Java stand-in for the embedded models, fast enough for benchmark tests: a path's "fate"
 * (whether it will draw the prompt or a minimally wrong one) is fixed by its stream at scale 1, its
 * layout by its whole history; decoding renders that scene. The reward knows each decoded image's
 * fate (plus a little noise), so search helps, as with a real reward — a test double only; the real
 * rewards never see the generator's internals.
 */
final class SceneWorldModels implements BenchModels {
  static final int SCALES = 5;
  private final SceneSampler sampler = new SceneSampler();
  private final int scales;
  private final SearchDefaults defaults;

  SceneWorldModels() {
    this(SCALES, new SearchDefaults(List.of(6, 4, 2, 1, 1), List.of(1), List.of(2, 3), org.ttsvar.search.Potential.VALUE, 10.0, "latent"));
  }

  SceneWorldModels(int scales, SearchDefaults defaults) {
    this.scales = scales;
    this.defaults = defaults;
  }
  private final Map<RgbImage, Boolean> fates = new ConcurrentHashMap<>();

  @Override
  public PathGenerator generator() {
    return new PathGenerator() {
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
        return new ScenePaths(Grammar.parse(prompt), streams.clone());
      }

      @Override
      public double stepFlops(int scale) {
        return 1e6 * (scale + 1) * (scale + 1);
      }

      @Override
      public double decodeFlops() {
        return 2e5;
      }
    };
  }

  private final class ScenePaths implements Paths {
    private final PromptSpec spec;
    private long[] streams;
    private long[] state;
    private long[] fate;
    private int done;

    ScenePaths(PromptSpec spec, long[] streams) {
      this.spec = spec;
      this.streams = streams;
      this.state = new long[streams.length];
      this.fate = new long[streams.length];
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
        if (done == 1) {
          fate[i] = state[i];
        }
      }
      done++;
    }

    @Override
    public List<RgbImage> decode(int[] rows) {
      List<RgbImage> out = new ArrayList<>();
      for (int r : rows) {
        boolean right = done < 2 || Math.floorMod(fate[r], 100) < 40;
        PromptSpec drawn = right ? spec : Perturbations.random(spec, new SplittableRandom(fate[r])).spec();
        RgbImage img = Renderer.render(sampler.sample(drawn, state[r]));
        fates.put(img, right);
        out.add(img);
      }
      return out;
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
          out[i][j] = (state[i] >>> (16 * j)) & 0xff;
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
      return 16L * state.length;
    }

    @Override
    public void close() {}
  }

  @Override
  public SearchDefaults searchDefaults() {
    return defaults;
  }

  @Override
  public Reward reward(String name) {
    if (!List.of("ir", "clip", "ensemble", "oracle").contains(name)) {
      throw new IllegalArgumentException("unknown reward '" + name + "'");
    }
    return new Reward() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double[] score(String prompt, List<RgbImage> images) {
        double[] s = new double[images.size()];
        for (int i = 0; i < s.length; i++) {
          RgbImage img = images.get(i);
          double noise = Math.floorMod(img.hashCode(), 1000) / 1000.0 - 0.5;
          s[i] = (fates.getOrDefault(img, false) ? 1.0 : 0.0) + 0.4 * noise;
        }
        return s;
      }
    };
  }

  @Override
  public FeatureExtractor extractor(String name) {
    return new FeatureExtractor() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public boolean needsImages() {
        return false;
      }

      @Override
      public double[][] extract(List<RgbImage> images, float[][] codeMaps) {
        double[][] out = new double[codeMaps.length][];
        for (int i = 0; i < out.length; i++) {
          out[i] = new double[codeMaps[i].length];
          for (int j = 0; j < out[i].length; j++) {
            out[i][j] = codeMaps[i][j];
          }
        }
        return out;
      }
    };
  }

  @Override
  public String defaultReward() {
    return "ir";
  }

  @Override
  public double[][] embed(List<RgbImage> images) {
    double[][] out = new double[images.size()][];
    for (int i = 0; i < out.length; i++) {
      RgbImage img = images.get(i);
      double[] e = new double[3 * 16];
      for (int y = 0; y < img.height(); y++) {
        for (int x = 0; x < img.width(); x++) {
          int cell = (y * 4 / img.height()) * 4 + x * 4 / img.width();
          for (int c = 0; c < 3; c++) {
            e[3 * cell + c] += img.get(x, y, c) - 150;
          }
        }
      }
      out[i] = e;
    }
    return out;
  }

  @Override
  public String describe() {
    return "scene-world test double";
  }
}
