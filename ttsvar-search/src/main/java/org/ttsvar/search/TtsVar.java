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

  public SearchConfig config() {
    return config;
  }

  public SearchResult generate(String prompt, long seed) {
    return engine.run(prompt, seed, config);
  }

  public SearchResult generate(String prompt, long seed, SearchEngine.Listener listener) {
    return engine.run(prompt, seed, config, listener);
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
    private SearchDefaults defaults = SearchDefaults.INFINITY_PAPER;
    private Strategy strategy = Strategy.TTSVAR;
    private int n = 4;
    private List<Integer> batchSchedule;
    private List<Integer> clusterScales;
    private List<Integer> resampleScales;
    private Potential potential;
    private Double lambda;

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

    public Builder lambda(double l) {
      this.lambda = l;
      return this;
    }

    /** @throws ScheduleException if the options do not make a valid search for this model */
    public TtsVar build() {
      Objects.requireNonNull(generator, "generator");
      SearchConfig config =
          SearchConfig.of(
              strategy,
              n,
              batchSchedule != null ? batchSchedule : defaults.batchSchedule(),
              clusterScales != null ? clusterScales : defaults.clusterScales(),
              resampleScales != null ? resampleScales : defaults.resampleScales(),
              potential != null ? potential : Potential.parse(defaults.potential()),
              lambda != null ? lambda : defaults.lambda(),
              generator.numScales());
      if (config.useReward() && reward == null) {
        throw new ScheduleException("--reward-type", "strategy " + strategy.id() + " needs a reward");
      }
      boolean clusters = !config.schedule().clusterScales().isEmpty() && strategy != Strategy.RANDOM_DROP;
      if (clusters && extractor == null) {
        throw new ScheduleException("--extract-type", "strategy " + strategy.id() + " clusters and needs a feature extractor");
      }
      return new TtsVar(new SearchEngine(generator, reward, extractor), config);
    }
  }
}
