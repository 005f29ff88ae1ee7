package org.ttsvar.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ttsvar.search.CostMeter.Part;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.MemoryBudget;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * Runs a search over the paths of a next-scale model. The generation loop stays in the model: the
 * engine only calls {@link Paths#step()}, then takes this scale's decision (cluster, random drop,
 * resample, or the final choice) and {@link Paths#select}s the rows to keep. Images are decoded only
 * where a decision needs them and at the end. Every path carries its reward history through every
 * selection ({@link PathState}), so history potentials (DIFF, MAX, SUM) see the path's own rewards.
 */
public final class SearchEngine {
  private static final long RESAMPLE_TAG = 0x5E1EC7L;
  private static final long CLUSTER_TAG = 0xC1A5L;

  private final PathGenerator generator;
  private final Reward reward;
  private final FeatureExtractor extractor;
  private final PathValue pathValue; // null: partial paths are decoded and scored by the reward

  /** Called after each scale with its trace (progress lines, live views). */
  @FunctionalInterface
  public interface Listener {
    void scaleDone(ScaleTrace scale, SearchConfig config);
  }

  /**
   * Asked before each scale whether the caller still wants the search (a server whose client went
   * away, a time limit, a shutdown). A search told to stop throws {@link SearchCancelledException}
   * between scales and frees its paths; the work of a scale already started is not interrupted.
   */
  @FunctionalInterface
  public interface Cancellation {
    Cancellation NEVER = () -> false;

    boolean requested();
  }

  public SearchEngine(PathGenerator generator, Reward reward, FeatureExtractor extractor) {
    this(generator, reward, extractor, null);
  }

  /** @param pathValue scores partial paths from their code maps instead of decoding them; null for the reward on decoded images */
  public SearchEngine(PathGenerator generator, Reward reward, FeatureExtractor extractor, PathValue pathValue) {
    this.generator = generator;
    this.reward = reward;
    this.extractor = extractor;
    this.pathValue = pathValue;
  }

  /** What the search itself keeps per path and scale (streams, node ids, parents, rewards, potentials, states), in bytes. */
  static final double SEARCH_BYTES_PER_PATH_AND_SCALE = 256;

  /**
   * Refuses, before any work, a schedule whose largest batch does not fit the memory budget: batch ×
   * (the model's state per path + the search's own records per path).
   *
   * @throws SearchSettingException naming the budget N, with the estimate and how to raise the budget
   */
  static void requireMemory(int[] executedBatches, PathGenerator generator) {
    int peak = Arrays.stream(executedBatches).max().orElse(0);
    double perPath = generator.stateBytesPerPath() + SEARCH_BYTES_PER_PATH_AND_SCALE * executedBatches.length;
    String m = MemoryBudget.exceeded(peak * perPath,
        "a batch of " + peak + " paths of " + MemoryBudget.format(perPath) + " each");
    if (m != null) {
      throw new SearchSettingException(SearchSetting.BUDGET, m);
    }
  }

  public SearchResult run(String prompt, long seed, SearchConfig config) {
    return run(prompt, seed, config, (s, c) -> {});
  }

  public SearchResult run(String prompt, long seed, SearchConfig config, Listener listener) {
    return run(prompt, seed, config, listener, Cancellation.NEVER);
  }

  /** As {@link #run(String, long, SearchConfig, Listener)}, stopping between scales when {@code cancellation} asks. */
  public SearchResult run(String prompt, long seed, SearchConfig config, Listener listener, Cancellation cancellation) {
    requireParts(config);
    requireMemory(config.schedule().executedBatches(), generator);
    CostMeter cost = new CostMeter();
    List<ScaleTrace> trace = new ArrayList<>();
    // encoding the prompt and setting up the paths is model work, not search
    try (Paths paths = cost.time(Part.MODEL, () -> generator.start(prompt, config.schedule().executed(0), seed))) {
      List<PathState> states = PathState.start(paths.size());
      long nextNode = 0;
      boolean narrowed = false; // the adaptive budget kept N paths: no decision until the final one
      int last = generator.numScales() - 1;
      for (int k = 0; k <= last; k++) {
        if (cancellation.requested()) {
          throw new SearchCancelledException(k, generator.numScales());
        }
        cost.startScale();
        long[] streams = paths.streams(); // the stream each row draws this scale's bits from
        int batch = paths.size();
        cost.time(Part.MODEL, paths::step);
        cost.flops += batch * generator.stepFlops(k);
        cost.peakStateBytes = Math.max(cost.peakStateBytes, paths.stateBytes());
        states = stepped(states, streams, nextNode);
        nextNode += batch;

        Decision decision = narrowed && k < last ? Decision.NONE : config.decisionAt(k);
        boolean scores = config.scoresAt(k) && (!narrowed || k == last);
        boolean byValue = scores && valuesAt(k);
        List<RgbImage> images = needsImages(scores, byValue, decision) ? decode(paths, cost) : null;
        double[] rewards = !scores ? null : byValue ? value(prompt, paths, k, cost) : score(prompt, images, cost);
        if (rewards != null) {
          states = scored(states, rewards);
        }
        double[] values = narrowsAt(config, k, decision) ? (byValue ? rewards : value(prompt, paths, k, cost)) : null;
        if (values != null && confident(values, config.n(), config.narrowAbove())) {
          decision = Decision.NARROW;
          narrowed = true;
        }
        rewards = rewards != null ? rewards : values; // the trace shows what the adaptive budget read, narrowing or not
        Choice choice = decision == Decision.NARROW ? new Choice(best(values, config.n()), null, null, null, null)
            : choose(decision, k, seed, config, paths, images, states, cost);
        if (choice.rows() != null) {
          paths.select(choice.rows());
        }
        trace.add(new ScaleTrace(k, batch, decision, nodes(states), parents(states), streams, images, rewards,
            choice.potentials(), choice.weights(), choice.features(), choice.clusterOf(), choice.rows(), cost.scaleTimings()));
        if (choice.rows() != null) {
          states = PathState.select(states, choice.rows());
        }
        listener.scaleDone(trace.get(k), config);
      }
      return finish(prompt, seed, config, paths, states, trace, cost);
    }
  }

  /** What a decision chose, with what it computed on the way; all null for none and the final scale. */
  private record Choice(int[] rows, double[] potentials, double[] weights, double[][] features, int[] clusterOf) {
    static final Choice NOTHING = new Choice(null, null, null, null, null);
  }

  private Choice choose(Decision decision, int k, long seed, SearchConfig config, Paths paths, List<RgbImage> images, List<PathState> states, CostMeter cost) {
    int keep = config.schedule().batchAfter()[k];
    return switch (decision) {
      case NONE, FINAL -> Choice.NOTHING;
      case NARROW -> throw new IllegalStateException("the adaptive budget narrows in run(), from the values it read");
      case RANDOM_DROP -> new Choice(randomSubset(paths.size(), keep, new SplittableRandom(Seeds.derive(seed, k, RESAMPLE_TAG))), null, null, null, null);
      case CLUSTER -> {
        double[][] features = cost.time(Part.FEATURES, () -> extractor.extract(images, extractor.needsImages() ? null : paths.codeMaps()));
        Clustering.Selection s = Clustering.select(features, keep, Seeds.derive(seed, k, CLUSTER_TAG));
        yield new Choice(s.rows(), null, null, features, s.clusterOf());
      }
      case RESAMPLE -> {
        double[] potentials = states.stream().mapToDouble(p -> config.potential().of(p.rewards())).toArray();
        double[] weights = Resampler.weights(potentials, config.lambda());
        yield new Choice(config.resampling().draw(weights, keep, new SplittableRandom(Seeds.derive(seed, k, RESAMPLE_TAG))), potentials, weights, null, null);
      }
    };
  }

  /** The final choice: the arg-max of the last scale's rewards over the survivors (NaN ranks last; ties: lowest row). */
  private SearchResult finish(String prompt, long seed, SearchConfig config, Paths paths, List<PathState> states, List<ScaleTrace> trace, CostMeter cost) {
    ScaleTrace last = trace.get(trace.size() - 1);
    List<RgbImage> images = last.images() != null ? last.images() : decode(paths, cost);
    double[] rewards = last.rewards();
    Comparator<Integer> byReward = rewards == null
        ? Comparator.naturalOrder()
        : Comparator.comparingDouble((Integer i) -> Double.isNaN(rewards[i]) ? Double.NEGATIVE_INFINITY : rewards[i]).reversed().thenComparingInt(i -> i);
    List<Integer> order = IntStream.range(0, states.size()).boxed().sorted(byReward).toList();
    List<SearchResult.Survivor> survivors = new ArrayList<>();
    for (int rank = 0; rank < order.size(); rank++) {
      int r = order.get(rank);
      PathState p = states.get(r);
      survivors.add(new SearchResult.Survivor(rank, r, p.node(), rewards == null ? Double.NaN : rewards[r], images.get(r), p.rows(), p.streams()));
    }
    return new SearchResult(prompt, seed, config, survivors.get(0).image(), survivors, trace, cost.stats());
  }

  /** Whether the adaptive budget looks at scale k: a decision scale before the last, with a value head to read. */
  private boolean narrowsAt(SearchConfig config, int k, Decision decision) {
    return config.narrowAbove() != null && valuesAt(k) && (decision == Decision.CLUSTER || decision == Decision.RANDOM_DROP || decision == Decision.RESAMPLE);
  }

  /** Whether at least n paths' predicted values reach the threshold (NaN never does). */
  static boolean confident(double[] values, int n, double threshold) {
    return Arrays.stream(values).filter(v -> v >= threshold).count() >= n;
  }

  /** The rows of the n highest values, ascending (ties: the lower row; NaN ranks last). */
  static int[] best(double[] values, int n) {
    Comparator<Integer> byValue = Comparator.comparingDouble((Integer i) -> Double.isNaN(values[i]) ? Double.NEGATIVE_INFINITY : values[i]).reversed()
        .thenComparingInt(i -> i);
    return IntStream.range(0, values.length).boxed().sorted(byValue).limit(n).mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Whether the value head scores scale k: every scale but the last, whose images the final choice decodes anyway. */
  private boolean valuesAt(int k) {
    return pathValue != null && k < generator.numScales() - 1;
  }

  private boolean needsImages(boolean scores, boolean byValue, Decision decision) {
    return (scores && !byValue) || (decision == Decision.CLUSTER && extractor.needsImages());
  }

  private double[] value(String prompt, Paths paths, int k, CostMeter cost) {
    double[] values = cost.time(Part.REWARD, () -> pathValue.score(prompt, paths.codeMaps(), k)); // the reward's stand-in: its time counts as scoring
    cost.flops += paths.size() * pathValue.flopsPerPath();
    return values;
  }

  private List<RgbImage> decode(Paths paths, CostMeter cost) {
    int batch = paths.size();
    List<RgbImage> images = cost.time(Part.DECODE, () -> paths.decode(IntStream.range(0, batch).toArray()));
    cost.decodes += batch;
    cost.flops += batch * generator.decodeFlops();
    return images;
  }

  private double[] score(String prompt, List<RgbImage> images, CostMeter cost) {
    double[] rewards = cost.time(Part.REWARD, () -> reward.score(prompt, images));
    cost.rewardCalls += images.size();
    return rewards;
  }

  private void requireParts(SearchConfig config) {
    if (config.schedule().numScales() != generator.numScales()) {
      throw new IllegalArgumentException("the model has " + generator.numScales() + " scales, the schedule " + config.schedule().numScales());
    }
    if (config.usesReward() && reward == null) {
      throw new IllegalArgumentException("strategy " + config.strategy().id() + " needs a reward model");
    }
  }

  private static List<PathState> stepped(List<PathState> states, long[] streams, long firstNode) {
    return IntStream.range(0, states.size()).mapToObj(r -> states.get(r).stepped(firstNode + r, r, streams[r])).toList();
  }

  private static List<PathState> scored(List<PathState> states, double[] rewards) {
    return IntStream.range(0, states.size()).mapToObj(r -> states.get(r).scored(rewards[r])).toList();
  }

  private static long[] nodes(List<PathState> states) {
    return states.stream().mapToLong(PathState::node).toArray();
  }

  private static long[] parents(List<PathState> states) {
    return states.stream().mapToLong(PathState::parent).toArray();
  }

  /** Regenerates one recorded path alone from its streams (one per scale). */
  public RgbImage replay(String prompt, long[] streamsPerScale) {
    if (streamsPerScale.length != generator.numScales()) {
      throw new BadInputException("the path records " + streamsPerScale.length + " streams (one per scale) but the model has " + generator.numScales()
          + " scales; replay it with the model that generated it");
    }
    try (Paths p = generator.startWithStreams(prompt, new long[] {streamsPerScale[0]})) {
      for (long stream : streamsPerScale) {
        p.setStreams(new long[] {stream});
        p.step();
      }
      return p.decode(new int[] {0}).get(0);
    }
  }

  static int[] randomSubset(int n, int k, SplittableRandom rng) {
    int[] idx = IntStream.range(0, n).toArray();
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    int[] out = Arrays.copyOf(idx, k);
    Arrays.sort(out);
    return out;
  }
}
