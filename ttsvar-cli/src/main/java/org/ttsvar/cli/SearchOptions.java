package org.ttsvar.cli;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Resampling;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;
import picocli.CommandLine.Option;

/**
 * The search's options, one per {@link SearchSetting} and named like it. Unset ones come from the
 * model's search.json; the reference release's names ({@code --bs_sis}, {@code --cal_type},
 * {@code --lam}, …) and our earlier ones are accepted as aliases. Lists take commas or spaces:
 * {@code --batch-schedule 8,6,4,2,1,1,1} or {@code --bs_sis 8 6 4 2 1 1 1}.
 */
final class SearchOptions {
  /** Each setting's flag and its aliases, as a message names it: the search itself knows no flags. */
  static final Map<SearchSetting, String> FLAGS = new EnumMap<>(Map.ofEntries(
      Map.entry(SearchSetting.STRATEGY, "--strategy"),
      Map.entry(SearchSetting.BUDGET, "--n"),
      Map.entry(SearchSetting.BATCH_SCHEDULE, "--batch-schedule (--bs-sis)"),
      Map.entry(SearchSetting.CLUSTER_SCALES, "--cluster-scales (--extract-sis)"),
      Map.entry(SearchSetting.RESAMPLE_SCALES, "--resample-scales (--resample-sis)"),
      Map.entry(SearchSetting.POTENTIAL, "--potential (--cal-type)"),
      Map.entry(SearchSetting.LAMBDA, "--lambda (--lam)"),
      Map.entry(SearchSetting.EXTRACTOR, "--extractor (--extract-type)"),
      Map.entry(SearchSetting.REWARD, "--reward (--reward-type)"),
      Map.entry(SearchSetting.SCORER, "--scorer"),
      Map.entry(SearchSetting.RESAMPLING, "--resampling"),
      Map.entry(SearchSetting.ESS_THRESHOLD, "--ess-threshold"),
      Map.entry(SearchSetting.NARROW_ABOVE, "--narrow-above"),
      Map.entry(SearchSetting.DIVERSITY_FLOOR, "--diversity-floor")));

  @Option(names = "--strategy", defaultValue = "ttsvar", description = "raw, bon, is, ttsvar, random-drop, cluster-only, resample-only (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--n", paramLabel = "N", description = "Budget N: the final number of paths; the schedule is scaled by it (default: 4; raw makes one path and takes only 1).")
  Integer n;

  @Option(names = {"--batch-schedule", "--bs-sis", "--bs_sis"}, split = ",", arity = "1..*", paramLabel = "B",
      description = "Batch after each scale's selection, for N = 1 (one entry per scale).")
  List<Integer> batchSchedule;

  @Option(names = {"--cluster-scales", "--extract-sis", "--extract_sis"}, split = ",", arity = "1..*", paramLabel = "K", description = "Clustering scales.")
  List<Integer> clusterScales;

  @Option(names = {"--resample-scales", "--resample-sis", "--resample_sis"}, split = ",", arity = "1..*", paramLabel = "K", description = "Resampling scales.")
  List<Integer> resampleScales;

  @Option(names = {"--extractor", "--extract-type", "--extract_type"}, description = "Feature extractor: pca, pool, supervised, latent, latent-pca (default: the model's).")
  String extractor;

  @Option(names = {"--potential", "--cal-type", "--cal_type"}, description = "Potential: value, diff, max, sum (default: the model's).")
  String potential;

  @Option(names = {"--reward", "--reward-type", "--reward_type"}, defaultValue = "ir",
      description = "Reward: ir, clip, ensemble, oracle (the verifier: an upper bound for studies) (default: ${DEFAULT-VALUE}).")
  String reward;

  @Option(names = "--scorer", paramLabel = "SCORER",
      description = "What scores partial paths before the last scale: reward (decode, then the reward: the paper) or value-head (the code map, no decode) (default: the model's).")
  String scorer;

  @Option(names = {"--lambda", "--lam"}, description = "Resampling temperature λ ≥ 0 (default: the model's).")
  Double lambda;

  @Option(names = "--resampling", paramLabel = "DRAW",
      description = "How resampling scales draw from the weights: multinomial (the paper's), systematic or stratified (default: multinomial).")
  String resampling;

  @Option(names = "--ess-threshold", paramLabel = "F",
      description = "Resample only when the weights' effective sample size is below F·(paths), F in (0, 1]; above it the batch is thinned uniformly (default: always resample).")
  Double essThreshold;

  @Option(names = "--narrow-above", paramLabel = "V|none",
      description = "Adaptive budget: at the first decision scale where N paths' predicted values (the value head's, in standard deviations of the reward) "
          + "reach V, keep the N best and stop widening; none follows the schedule (default: the model's).")
  String narrowAbove;

  @Option(names = "--diversity-floor", paramLabel = "F",
      description = "Guard against over-optimizing the reward: at least F (in (0, 1]) of the paths a resampling scale draws are distinct (default: none).")
  Double diversityFloor;

  /**
   * The options as a search spec (unset ones null: the model's defaults). Every name is checked here,
   * before any model is loaded; a bad one throws a SearchSettingException naming its setting.
   */
  SearchSpec spec() {
    Strategy s = Strategy.parse(strategy);
    s.budget(n); // refuses --n ≠ 1 with raw instead of changing it
    SearchSpec spec = new SearchSpec(s, n, batchSchedule, clusterScales, resampleScales, potential == null ? null : Potential.parse(potential), lambda,
        extractor, ModelRegistry.canonicalReward(reward), scorer, resampling == null ? null : Resampling.Method.parse(resampling), essThreshold, narrowAbove(), diversityFloor);
    spec.resamplingOrPaper(); // refuses a threshold or floor outside (0, 1] now
    return spec;
  }

  private Double narrowAbove() {
    if (narrowAbove == null) {
      return null;
    }
    if (narrowAbove.trim().equalsIgnoreCase("none")) {
      return SearchSpec.NO_NARROWING;
    }
    try {
      return Double.valueOf(narrowAbove.trim());
    } catch (NumberFormatException e) {
      throw new SearchSettingException(SearchSetting.NARROW_ABOVE, "must be a number or none, got '" + narrowAbove + "'");
    }
  }

  /** The choices that are not in the search config itself, for traces and reports. */
  static Map<String, String> setup(SearchSpec spec, EmbeddedModels models) {
    Map<String, String> m = new TreeMap<>();
    m.put("reward", spec.reward());
    m.put("extractor", spec.extractorName(models.searchDefaults()));
    m.put("scorer", spec.scorerName(models.searchDefaults()));
    m.put("sampling", models.textToImage().sampling().toString());
    return m;
  }
}
