package org.ttsvar.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * Runs a search over the paths of a next-scale model. The generation loop stays in the model: the
 * engine only calls {@link Paths#step()}, then takes this scale's decision (cluster, random drop,
 * resample, or the final choice) and {@link Paths#select}s the rows to keep. Images are decoded only
 * where a decision needs them and at the end. Every path carries its reward history through every
 * selection, so history potentials (DIFF, MAX, SUM) see the path's own rewards.
 */
public final class SearchEngine {
  private static final long RESAMPLE_TAG = 0x5E1EC7L;
  private static final long CLUSTER_TAG = 0xC1A5L;

  private final PathGenerator generator;
  private final Reward reward;
  private final FeatureExtractor extractor;

  /** Called after each scale with its trace (progress lines, live views). */
  @FunctionalInterface
  public interface Listener {
    void scaleDone(ScaleTrace scale, SearchConfig config);
  }

  public SearchEngine(PathGenerator generator, Reward reward, FeatureExtractor extractor) {
    this.generator = generator;
    this.reward = reward;
    this.extractor = extractor;
  }

  public SearchResult run(String prompt, long seed, SearchConfig config) {
    return run(prompt, seed, config, (s, c) -> {});
  }

  public SearchResult run(String prompt, long seed, SearchConfig config, Listener listener) {
    int scales = generator.numScales();
    Schedule schedule = config.schedule();
    if (schedule.numScales() != scales) {
      throw new ScheduleException("--bs-sis", "the model has " + scales + " scales, the schedule " + schedule.numScales());
    }
    if (config.useReward() && reward == null) {
      throw new IllegalArgumentException("strategy " + config.strategy().id() + " needs a reward model");
    }
    long wallStart = System.nanoTime();
    long model = 0, decode = 0, rewardTime = 0, featureTime = 0;
    int decodes = 0, rewardCalls = 0;
    long peakState = 0;
    double flops = 0;
    List<ScaleTrace> trace = new ArrayList<>();
    long nextNode = 0;
    long startT = System.nanoTime();
    try (Paths paths = generator.start(prompt, schedule.executed(0), seed)) {
      model += System.nanoTime() - startT; // encoding the prompt and setting up the paths is model work, not search
      int batch = paths.size();
      long[] nodes = new long[batch];
      long[] parents = new long[batch];
      Arrays.fill(parents, -1);
      double[][] histories = new double[batch][0];
      int[][] lineage = new int[batch][0];
      long[][] streamHistory = new long[batch][0];
      for (int k = 0; k < scales; k++) {
        for (int r = 0; r < batch; r++) {
          nodes[r] = nextNode++;
        }
        long[] streams = paths.streams();
        long t0 = System.nanoTime();
        paths.step();
        long t1 = System.nanoTime();
        model += t1 - t0;
        flops += batch * generator.stepFlops(k);
        peakState = Math.max(peakState, paths.stateBytes());
        for (int r = 0; r < batch; r++) {
          lineage[r] = append(lineage[r], r);
          streamHistory[r] = append(streamHistory[r], streams[r]);
        }
        boolean last = k == scales - 1;
        Schedule.Decision decision = schedule.decisionAt(k);
        boolean randomDrop = decision == Schedule.Decision.CLUSTER && config.strategy() == Strategy.RANDOM_DROP;
        boolean scores = config.scoresAt(k);
        boolean needImages = scores || (decision == Schedule.Decision.CLUSTER && !randomDrop && extractor.needsImages());
        List<RgbImage> images = null;
        int[] all = rows(batch);
        long decodeT = 0, rewardT = 0, featureT = 0;
        if (needImages) {
          long a = System.nanoTime();
          images = paths.decode(all);
          decodeT = System.nanoTime() - a;
          decodes += batch;
          flops += batch * generator.decodeFlops();
        }
        double[] rewards = null;
        if (scores) {
          long a = System.nanoTime();
          rewards = reward.score(prompt, images);
          rewardT = System.nanoTime() - a;
          rewardCalls += batch;
          for (int r = 0; r < batch; r++) {
            histories[r] = append(histories[r], rewards[r]);
          }
        }
        long searchStart = System.nanoTime();
        double[] potentials = null;
        double[] weights = null;
        double[][] features = null;
        int[] clusterOf = null;
        int[] chosen = null;
        String decisionName = last ? "final" : "none";
        int keep = schedule.batchAfter()[k];
        if (!last && decision == Schedule.Decision.CLUSTER) {
          if (randomDrop) {
            decisionName = "random-drop";
            chosen = randomSubset(batch, keep, new SplittableRandom(Seeds.derive(seed, k, RESAMPLE_TAG)));
          } else {
            decisionName = "cluster";
            long a = System.nanoTime();
            features = extractor.extract(images, extractor.needsImages() ? null : paths.codeMaps());
            featureT = System.nanoTime() - a;
            Clustering.Selection sel = Clustering.select(features, keep, Seeds.derive(seed, k, CLUSTER_TAG));
            chosen = sel.rows();
            clusterOf = sel.clusterOf();
          }
        } else if (!last && decision == Schedule.Decision.RESAMPLE) {
          decisionName = "resample";
          potentials = new double[batch];
          for (int r = 0; r < batch; r++) {
            potentials[r] = config.potential().of(histories[r]);
          }
          weights = Resampler.weights(potentials, config.lambda());
          chosen = Resampler.draw(weights, keep, new SplittableRandom(Seeds.derive(seed, k, RESAMPLE_TAG)));
        }
        ScaleTrace.Timings timings;
        if (chosen != null) {
          paths.select(chosen);
          histories = gather(histories, chosen);
          lineage = gather(lineage, chosen);
          streamHistory = gather(streamHistory, chosen);
          long[] nextParents = new long[chosen.length];
          for (int j = 0; j < chosen.length; j++) {
            nextParents[j] = nodes[chosen[j]];
          }
          ScaleTrace st = new ScaleTrace(k, batch, decisionName, nodes.clone(), parents.clone(), streams, images, rewards, potentials, weights, features, clusterOf, chosen, null);
          batch = chosen.length;
          parents = nextParents;
          nodes = new long[batch];
          timings = new ScaleTrace.Timings(t1 - t0, decodeT, rewardT, featureT, System.nanoTime() - searchStart - featureT);
          trace.add(withTimings(st, timings));
        } else {
          long[] nextParents = nodes.clone();
          timings = new ScaleTrace.Timings(t1 - t0, decodeT, rewardT, featureT, System.nanoTime() - searchStart - featureT);
          trace.add(new ScaleTrace(k, batch, decisionName, nodes.clone(), parents.clone(), streams, images, rewards, null, null, null, null, null, timings));
          parents = nextParents;
        }
        decode += decodeT;
        rewardTime += rewardT;
        featureTime += featureT;
        listener.scaleDone(trace.get(trace.size() - 1), config);
      }
      // final choice: arg-max of the last scale's rewards over the survivors (NaN ranks last; ties: lowest row)
      ScaleTrace lastScale = trace.get(trace.size() - 1);
      List<RgbImage> finalImages = lastScale.images();
      if (finalImages == null) {
        long a = System.nanoTime();
        finalImages = paths.decode(rows(batch));
        decode += System.nanoTime() - a;
        decodes += batch;
        flops += batch * generator.decodeFlops();
      }
      double[] finalRewards = lastScale.rewards();
      List<SearchResult.Survivor> survivors = new ArrayList<>();
      Integer[] order = new Integer[batch];
      for (int i = 0; i < batch; i++) {
        order[i] = i;
      }
      if (finalRewards != null) {
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> Double.isNaN(finalRewards[i]) ? Double.NEGATIVE_INFINITY : finalRewards[i]).reversed().thenComparingInt(i -> i));
      }
      for (int rank = 0; rank < batch; rank++) {
        int r = order[rank];
        survivors.add(
            new SearchResult.Survivor(rank, r, lastScale.nodes()[r], finalRewards == null ? Double.NaN : finalRewards[r], finalImages.get(r), lineage[r], streamHistory[r]));
      }
      long wall = System.nanoTime() - wallStart;
      long overhead = wall - model - decode - rewardTime - featureTime;
      SearchResult.Stats stats = new SearchResult.Stats(wall, model, decode, rewardTime, featureTime, overhead, decodes, rewardCalls, flops, peakState);
      return new SearchResult(prompt, seed, config, survivors.get(0).image(), survivors, trace, stats);
    }
  }

  /** Regenerates one recorded path alone from its streams (one per scale). */
  public RgbImage replay(String prompt, long[] streamsPerScale) {
    if (streamsPerScale.length != generator.numScales()) {
      throw new IllegalArgumentException("a path records " + generator.numScales() + " streams, got " + streamsPerScale.length);
    }
    try (Paths p = generator.startWithStreams(prompt, new long[] {streamsPerScale[0]})) {
      for (int k = 0; k < streamsPerScale.length; k++) {
        p.setStreams(new long[] {streamsPerScale[k]});
        p.step();
      }
      return p.decode(new int[] {0}).get(0);
    }
  }

  private static ScaleTrace withTimings(ScaleTrace s, ScaleTrace.Timings t) {
    return new ScaleTrace(
        s.scale(), s.executedBatch(), s.decision(), s.nodes(), s.parents(), s.streams(), s.images(), s.rewards(), s.potentials(), s.weights(), s.features(), s.clusterOf(), s.chosen(), t);
  }

  static int[] randomSubset(int n, int k, SplittableRandom rng) {
    int[] idx = rows(n);
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

  private static int[] rows(int n) {
    int[] r = new int[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  private static double[] append(double[] a, double v) {
    double[] b = Arrays.copyOf(a, a.length + 1);
    b[a.length] = v;
    return b;
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

  /** Re-indexes per-path arrays through a selection (rows may repeat: copies share the history so far). */
  static double[][] gather(double[][] a, int[] rows) {
    double[][] out = new double[rows.length][];
    for (int j = 0; j < rows.length; j++) {
      out[j] = a[rows[j]].clone();
    }
    return out;
  }

  static int[][] gather(int[][] a, int[] rows) {
    int[][] out = new int[rows.length][];
    for (int j = 0; j < rows.length; j++) {
      out[j] = a[rows[j]].clone();
    }
    return out;
  }

  static long[][] gather(long[][] a, int[] rows) {
    long[][] out = new long[rows.length][];
    for (int j = 0; j < rows.length; j++) {
      out[j] = a[rows[j]].clone();
    }
    return out;
  }
}
