package org.ttsvar.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.models.EmbeddedModels;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Reward;
import org.ttsvar.search.Strategy;
import org.ttsvar.search.TtsVar;
import picocli.CommandLine.Option;

/**
 * The search's options. Unset ones come from the model's search.json; the reference release's
 * names ({@code --bs_sis}, {@code --cal_type}, …) are accepted as aliases. Lists take commas or
 * spaces: {@code --bs-sis 8,6,4,2,1,1,1} or {@code --bs_sis 8 6 4 2 1 1 1}.
 */
final class SearchOptions {
  @Option(names = "--strategy", defaultValue = "ttsvar", description = "raw, bon, is, ttsvar, random-drop, cluster-only, resample-only (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--n", defaultValue = "4", description = "Budget N: the final number of paths; the schedule is scaled by it (default: ${DEFAULT-VALUE}; raw uses 1).")
  int n;

  @Option(names = {"--bs-sis", "--bs_sis"}, split = ",", arity = "1..*", paramLabel = "B", description = "Batch after each scale's selection, for N = 1 (one entry per scale).")
  List<Integer> bsSis;

  @Option(names = {"--extract-sis", "--extract_sis"}, split = ",", arity = "1..*", paramLabel = "K", description = "Clustering scales.")
  List<Integer> extractSis;

  @Option(names = {"--resample-sis", "--resample_sis"}, split = ",", arity = "1..*", paramLabel = "K", description = "Resampling scales.")
  List<Integer> resampleSis;

  @Option(names = {"--extract-type", "--extract_type"}, description = "Feature extractor: pca, pool, supervised, latent (default: the model's).")
  String extractType;

  @Option(names = {"--cal-type", "--cal_type"}, description = "Potential: value, diff, max, sum (default: the model's).")
  String calType;

  @Option(names = {"--reward-type", "--reward_type"}, defaultValue = "ir", description = "Reward: ir, clip, ensemble, oracle (the verifier: an upper bound for studies) (default: ${DEFAULT-VALUE}).")
  String rewardType;

  @Option(names = "--lam", description = "Resampling temperature λ ≥ 0 (default: the model's).")
  Double lam;

  /** Builds the search; throws ScheduleException (exit 2) naming the bad argument. */
  TtsVar build(EmbeddedModels models) {
    return config().build(new EmbeddedBenchModels(models, "command line"));
  }

  /** The options as a configuration (unset ones null: the model's defaults). */
  BenchConfig config() {
    Strategy s = Strategy.parse(strategy);
    int budget = s == Strategy.RAW && n == 4 ? 1 : n;
    BenchConfig c = new BenchConfig("", s.id(), budget, bsSis, extractSis, resampleSis, calType, lam, extractType, Rewards.canonical(rewardType));
    if (calType != null) {
      Potential.parse(calType); // fail on an unknown potential before loading anything
    }
    return c;
  }

  Reward reward(EmbeddedModels models) throws IOException {
    return Rewards.create(rewardType, models);
  }

  FeatureExtractor extractor(EmbeddedModels models) throws IOException {
    return models.extractor(extractType == null ? models.searchDefaults().extractor() : extractType);
  }

  /** The choices that are not in the search config itself, for traces and reports. */
  Map<String, String> setup(EmbeddedModels models) {
    Map<String, String> m = new TreeMap<>();
    m.put("reward", Rewards.canonical(rewardType));
    m.put("extractor", extractType == null ? models.searchDefaults().extractor() : extractType);
    m.put("sampling", models.textToImage().sampling().toString());
    return m;
  }
}
