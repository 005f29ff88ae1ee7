package org.ttsvar.search;

import java.util.List;
import java.util.Objects;

/**
 * The library entry point: a configured search you call with a prompt and a seed.
 *
 * <pre>{@code
 * SearchResult r = TtsVar.builder()
 *     .generator(generator).reward(reward).extractor(extractor)
 *     .defaults(modelDefaults)          // the model's schedule, decision scales, potential, λ
 *     .strategy(Strategy.TTSVAR).n(4)
 *     .build()
 *     .generate("a photo of a circle left of a square", 0);
 * r.best();        // the chosen image
 * r.survivors();   // all final paths, ranked by reward
 * r.trace();       // what happened at every scale
 * }</pre>
 */
public final class TtsVar {
  private final SearchEngine engine;
  private final SearchConfig config;

  private TtsVar(SearchEngine engine, SearchConfig config) {
    this.engine = engine;
    this.config = config;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A search with its parts: the reward may be null only for a strategy that scores nothing (raw),
   * the extractor only for one that does not cluster.
   *
   * @throws SearchSettingException naming the missing part
   */
  public static TtsVar of(PathGenerator generator, Reward reward, FeatureExtractor extractor, SearchConfig config) {
    return of(generator, reward, extractor, null, config);
  }

  /**
   * A search whose partial paths are scored by a value head ({@code pathValue}; null: decoded and
   * scored by the reward, as the paper does).
   */
  public static TtsVar of(PathGenerator generator, Reward reward, FeatureExtractor extractor, PathValue pathValue, SearchConfig config) {
    Strategy s = config.strategy();
    if (s.usesReward() && reward == null) {
      throw new SearchSettingException(SearchSetting.REWARD, "strategy " + s.id() + " needs a reward");
    }
    if (s.clusters() && !config.schedule().clusterScales().isEmpty() && extractor == null) {
      throw new SearchSettingException(SearchSetting.EXTRACTOR, "strategy " + s.id() + " clusters and needs a feature extractor");
    }
    if (config.narrowAbove() != null && pathValue == null) {
      throw new SearchSettingException(SearchSetting.NARROW_ABOVE, "reads the paths' predicted values and needs a value head as the scorer "
          + "(scorer value-head): judging partial paths by decoding them would cost the decodes the adaptive budget is meant to save");
    }
    return new TtsVar(new SearchEngine(generator, reward, extractor, pathValue), config);
  }

  public SearchConfig config() {
    return config;
  }

  public SearchResult generate(String prompt, long seed) {
    return engine.run(prompt, seed, config);
  }

  public SearchResult generate(String prompt, long seed, SearchEngine.Listener listener) {
    return engine.run(prompt, seed, config, listener);
  }

  /** As {@link #generate(String, long, SearchEngine.Listener)}, stopping between scales when {@code cancellation} asks. */
  public SearchResult generate(String prompt, long seed, SearchEngine.Listener listener, SearchEngine.Cancellation cancellation) {
    return engine.run(prompt, seed, config, listener, cancellation);
  }

  /** Regenerates one recorded survivor alone from its streams. */
  public org.ttsvar.world.RgbImage replay(String prompt, SearchResult.Survivor survivor) {
    return engine.replay(prompt, survivor.streams());
  }

  /** Collects the parts and options; unset options come from the model's defaults. */
  public static final class Builder {
    private PathGenerator generator;
    private Reward reward;
    private FeatureExtractor extractor;
    private PathValue pathValue;
    private SearchDefaults defaults = SearchDefaults.INFINITY_PAPER;
    private Strategy strategy = Strategy.TTSVAR;
    private Integer n; // null: the strategy's default budget
    private List<Integer> batchSchedule;
    private List<Integer> clusterScales;
    private List<Integer> resampleScales;
    private Potential potential;
    private Double lambda;
    private Resampling.Method resampling;
    private Double essThreshold;
    private Double narrowAbove;
    private Double diversityFloor;

    public Builder generator(PathGenerator g) {
      this.generator = g;
      return this;
    }

    public Builder reward(Reward r) {
      this.reward = r;
      return this;
    }

    public Builder extractor(FeatureExtractor e) {
      this.extractor = e;
      return this;
    }

    /** A value head to score partial paths instead of decoding them (null: the reward on decoded partial images). */
    public Builder pathValue(PathValue v) {
      this.pathValue = v;
      return this;
    }

    public Builder defaults(SearchDefaults d) {
      this.defaults = d;
      return this;
    }

    public Builder strategy(Strategy s) {
      this.strategy = s;
      return this;
    }

    public Builder n(int budget) {
      this.n = budget;
      return this;
    }

    public Builder batchSchedule(List<Integer> base) {
      this.batchSchedule = base;
      return this;
    }

    public Builder clusterScales(List<Integer> scales) {
      this.clusterScales = scales;
      return this;
    }

    public Builder resampleScales(List<Integer> scales) {
      this.resampleScales = scales;
      return this;
    }

    public Builder potential(Potential p) {
      this.potential = p;
      return this;
    }

    public Builder lambda(Double l) {
      this.lambda = l;
      return this;
    }

    /** How resampling scales draw (default: multinomial, the paper's). */
    public Builder resampling(Resampling.Method m) {
      this.resampling = m;
      return this;
    }

    /** Resample only below this effective sample size, a fraction of the paths (default: always). */
    public Builder essThreshold(Double t) {
      this.essThreshold = t;
      return this;
    }

    /**
     * The adaptive budget (needs a {@link #pathValue}): keep the N best paths once N predicted values reach
     * this. Default: the model's with a value head, none without; {@link SearchSpec#NO_NARROWING} for none.
     */
    public Builder narrowAbove(Double v) {
      this.narrowAbove = v;
      return this;
    }

    /** At least this fraction of a resampling scale's draws distinct (default: none). */
    public Builder diversityFloor(Double f) {
      this.diversityFloor = f;
      return this;
    }

    /** @throws SearchSettingException if the options do not make a valid search for this model */
    public TtsVar build() {
      Objects.requireNonNull(generator, "generator");
      // without a value head the model's adaptive budget has nothing to read: it is off unless asked for (then refused)
      Double narrow = narrowAbove != null ? narrowAbove : pathValue == null ? Double.valueOf(SearchSpec.NO_NARROWING) : null;
      SearchSpec spec = new SearchSpec(strategy, n, batchSchedule, clusterScales, resampleScales, potential, lambda, null, null, null, resampling, essThreshold,
          narrow, diversityFloor);
      return TtsVar.of(generator, reward, extractor, pathValue, spec.resolve(defaults, generator.numScales()));
    }
  }
}
