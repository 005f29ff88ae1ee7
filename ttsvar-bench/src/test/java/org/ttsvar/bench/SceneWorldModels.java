package org.ttsvar.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.LatentFeatures;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.testing.HashChainPaths;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Perturbations;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;

/**
 * A pure-Java stand-in for the embedded models, fast enough for benchmark tests: a path's "fate"
 * (whether it will draw the prompt or a minimally wrong one) is fixed by its stream at scale 1, its
 * layout by its whole history; decoding renders that scene. The reward knows each decoded image's
 * fate (plus a little noise), so search helps, as with a real reward — a test double only; the real
 * rewards never see the generator's internals.
 */
public final class SceneWorldModels implements BenchModels {
  public static final int SCALES = 5;
  private final SceneSampler sampler = new SceneSampler();
  private final int scales;
  private final SearchDefaults defaults;

  public SceneWorldModels() {
    this(SCALES, new SearchDefaults(List.of(6, 4, 2, 1, 1), List.of(1), List.of(2, 3), org.ttsvar.search.Potential.VALUE, 10.0, "latent"));
  }

  public SceneWorldModels(int scales, SearchDefaults defaults) {
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

  /** Decoding renders the path's scene: the prompt, or from scale 2 on a minimally wrong one for 60% of the fates. */
  private final class ScenePaths extends HashChainPaths {
    private final PromptSpec spec;

    ScenePaths(PromptSpec spec, long[] streams) {
      super(streams, 0, 0xff, 16);
      this.spec = spec;
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
  }

  @Override
  public SearchDefaults searchDefaults() {
    return defaults;
  }

  @Override
  public Reward reward(String name) {
    if (!List.of("ir", "clip", "ensemble", "oracle").contains(name)) {
      throw new org.ttsvar.search.SearchSettingException(org.ttsvar.search.SearchSetting.REWARD, "unknown reward '" + name + "'");
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
    return new LatentFeatures();
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
