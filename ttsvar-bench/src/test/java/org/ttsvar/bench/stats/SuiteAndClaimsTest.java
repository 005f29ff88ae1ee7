package org.ttsvar.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.SceneWorldModels;
import org.ttsvar.bench.Suite;
import org.ttsvar.bench.stats.Claim;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.world.PromptSets;

class SuiteAndClaimsTest {
  /** The embedded model's 7-scale shape: bs [8,6,4,2,1,1,1], clustering {1,2}, resampling {3,4}. */
  private static final SearchDefaults SEVEN = new SearchDefaults(List.of(8, 6, 4, 2, 1, 1, 1), List.of(1, 2), List.of(3, 4), org.ttsvar.search.Potential.VALUE, 10.0, "pca");

  @Test
  void mainIsRawIsTtsvarAndTheBestOfNCurve() {
    assertThat(Suite.MAIN.configs(SEVEN, 7, "ir")).extracting(BenchConfig::name)
        .containsExactly("raw-n1", "is-n2", "is-n4", "is-n8", "bon-n1", "bon-n2", "bon-n3", "bon-n4", "bon-n6", "bon-n8", "bon-n12", "bon-n16",
            "ttsvar-n1", "ttsvar-n2", "ttsvar-n4", "ttsvar-n8", "ttsvar-n4-bs8.6.4.4.4.4.4-clusternone-resample1.2", "random-drop-n4");
    // a model whose defaults decide without decoding also runs the paper's decisions, labelled, at N = 2, 4, 8
    SearchDefaults cheap = new SearchDefaults(SEVEN.batchSchedule(), SEVEN.clusterScales(), SEVEN.resampleScales(), SEVEN.potential(), 1.0, "latent-pca", "value-head");
    List<BenchConfig> withPaper = Suite.MAIN.configs(cheap, 7, "ir");
    assertThat(withPaper).filteredOn(c -> c.label().equals("the paper's decisions")).extracting(BenchConfig::name)
        .containsExactly("ttsvar-n2-xpca-sreward", "ttsvar-n4-xpca-sreward", "ttsvar-n8-xpca-sreward");
    assertThat(Suite.MAIN.seeds()).containsExactly(0L, 1L, 2L, 3L);
    assertThat(Suite.MAIN.promptIndices(PromptSets.miniGenEval())).hasSize(PromptSets.miniGenEval().size());
    assertThat(Suite.QUICK.promptIndices(PromptSets.miniGenEval())).hasSize(6);
  }

  @Test
  void everyAblationIsAValidSearchThatDiffersFromTheDefault() {
    SceneWorldModels models = new SceneWorldModels(7, SEVEN);
    List<BenchConfig> configs = Suite.ABLATIONS.configs(SEVEN, 7, "ir");
    assertThat(configs).extracting(BenchConfig::name).doesNotHaveDuplicates()
        .contains("bon-n4", "ttsvar-n4", "ttsvar-n4-diff", "ttsvar-n4-lam0", "ttsvar-n4-xpool", "ttsvar-n4-rclip", "ttsvar-n4-roracle", "bon-n4-roracle", "random-drop-n4")
        .doesNotContain("ttsvar-n4-value", "ttsvar-n4-lam10", "ttsvar-n4-xpca", "ttsvar-n4-rir");
    for (BenchConfig c : configs) {
      assertThat(c.spec().build(models).config().n()).as(c.name()).isEqualTo(4); // validates the schedule
    }
    BenchConfig coarse = configs.stream().filter(c -> List.of(1, 2).equals(c.spec().resampleScales())).findFirst().orElseThrow();
    // clustering cannot share scales 1 and 2 with resampling; the batch changes only at decisions
    assertThat(coarse.spec().clusterScales()).isEmpty();
    assertThat(coarse.spec().batchSchedule()).containsExactly(8, 6, 4, 4, 4, 4, 4);
  }

  @Test
  void theCostSuiteRunsTheScheduleAloneBesideAModelsAdaptiveBudget() {
    SearchDefaults adaptive = new SearchDefaults(SEVEN.batchSchedule(), SEVEN.clusterScales(), SEVEN.resampleScales(), SEVEN.potential(), 1.0, "latent-pca",
        "value-head", 0.0);
    assertThat(Suite.COST.configs(adaptive, 7, "ir")).extracting(BenchConfig::name)
        .contains("ttsvar-n2-xlatent-pca-svalue-head-narrownone", "ttsvar-n4-xlatent-pca-svalue-head-narrownone");
    assertThat(Suite.COST.configs(SEVEN, 7, "ir")).extracting(BenchConfig::name).noneMatch(n -> n.contains("narrow"));
  }

  @Test
  void everySuiteConfigurationReadsBackFromItsName() {
    for (Suite suite : Suite.values()) {
      for (BenchConfig c : suite.configs(SEVEN, 7, "ir")) {
        assertThat(org.ttsvar.search.SearchSpecName.parse(c.name())).as(c.name()).contains(c.spec());
      }
    }
  }

  @Test
  void selectKeepsTheSuiteOrderAndRejectsUnknownNamesWithTheKnownOnes() {
    List<BenchConfig> all = Suite.ABLATIONS.configs(SEVEN, 7, "ir");
    assertThat(Suite.select(all, List.of())).isEqualTo(all);
    assertThat(Suite.select(all, List.of("ttsvar-n4-xlatent", "bon-n4"))).extracting(BenchConfig::name).containsExactly("bon-n4", "ttsvar-n4-xlatent");
    // any other search by its name, after the suite's, labelled as such
    assertThat(Suite.select(all, List.of("ttsvar-n2-bs6.4.2.1.1.1.1-narrow1.0", "bon-n4"))).extracting(BenchConfig::name, BenchConfig::label)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("bon-n4", "baseline"), org.assertj.core.groups.Tuple.tuple("ttsvar-n2-bs6.4.2.1.1.1.1-narrow1.0", "by name"));
    assertThatThrownBy(() -> Suite.select(all, List.of("bon-n4", "ttsvar-n4-fast")))
        .isInstanceOf(BenchException.class)
        .hasMessageContaining("[ttsvar-n4-fast]")
        .hasMessageContaining("not a search's name")
        .hasMessageContaining("--configs")
        .hasMessageContaining("ttsvar-n4-xlatent");
  }

  @Test
  void searchesAreComparedWithBestOfNAndAblationsWithTheDefault() {
    for (Suite suite : List.of(Suite.MAIN, Suite.ABLATIONS)) {
      List<BenchConfig> configs = suite.configs(SEVEN, 7, "ir");
      Map<String, java.util.SortedMap<Integer, PromptRecord>> records = new java.util.LinkedHashMap<>();
      for (BenchConfig c : configs) {
        java.util.SortedMap<Integer, PromptRecord> one = new java.util.TreeMap<>();
        one.put(0, new PromptRecord(0, "colors", "a photo of a red circle", List.of(new ImageRecord(0, true, "", 0, 0, 0, 0, 0, 0)), 0, 0));
        records.put(c.name(), one);
      }
      Map<String, String> versus = new java.util.LinkedHashMap<>();
      Results.comparisons(configs, records).forEach(x -> versus.put(x.config(), x.versus()));
      if (suite == Suite.MAIN) {
        assertThat(versus).containsEntry("ttsvar-n2", "bon-n2").containsEntry("is-n8", "bon-n8")
            .containsEntry("random-drop-n4", "ttsvar-n4").containsEntry("ttsvar-n4-bs8.6.4.4.4.4.4-clusternone-resample1.2", "ttsvar-n4")
            .containsEntry("ttsvar-n1", "bon-n1").doesNotContainKeys("raw-n1", "bon-n4");
      } else {
        assertThat(versus).containsEntry("ttsvar-n4", "bon-n4").containsEntry("ttsvar-n4-lam1", "ttsvar-n4").containsEntry("random-drop-n4", "ttsvar-n4")
            .doesNotContainKey("bon-n4");
      }
    }
  }

  @Test
  void aConfigurationKeepsItsFlatFormInBenchJson() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    BenchConfig c = BenchConfig.of(org.ttsvar.search.Strategy.TTSVAR, 4);
    c = c.with(c.spec().withLambda(1.0).withPotential(org.ttsvar.search.Potential.DIFF)).labelled("λ");
    String written = json.writeValueAsString(c);
    assertThat(written).isEqualTo("{\"label\":\"λ\",\"strategy\":\"ttsvar\",\"n\":4,\"potential\":\"diff\",\"lambda\":1.0}");
    assertThat(json.readValue(written, BenchConfig.class)).isEqualTo(c);
    // the adaptive budget switched off is "none" (JSON has no +∞); numbers stay numbers
    BenchConfig off = c.with(c.spec().withNarrowAbove(org.ttsvar.search.SearchSpec.NO_NARROWING).withDiversityFloor(0.5));
    assertThat(json.writeValueAsString(off)).endsWith("\"narrowAbove\":\"none\",\"diversityFloor\":0.5}");
    assertThat(json.readValue(json.writeValueAsString(off), BenchConfig.class)).isEqualTo(off);
    BenchConfig at = c.with(c.spec().withNarrowAbove(0.25));
    assertThat(json.writeValueAsString(at)).endsWith("\"narrowAbove\":0.25}");
    assertThat(json.readValue(json.writeValueAsString(at), BenchConfig.class)).isEqualTo(at);
  }

  @Test
  void derivedSchedulesChangeTheBatchOnlyAtDecisions() {
    BenchConfig c = BenchConfig.of(org.ttsvar.search.Strategy.TTSVAR, 1).withDecisions(SEVEN.batchSchedule(), List.of(1, 2), List.of(5));
    assertThat(c.spec().batchSchedule()).containsExactly(8, 6, 4, 4, 4, 1, 1);
    BenchConfig same = BenchConfig.of(org.ttsvar.search.Strategy.TTSVAR, 1).withDecisions(SEVEN.batchSchedule(), List.of(1, 2), List.of(3, 4));
    assertThat(same.spec().batchSchedule()).isNull(); // the default schedule is not an override
    assertThat(same.name()).isEqualTo("ttsvar-n1-cluster1.2-resample3.4");
  }

  @Test
  void claimsCompareTheMeasuredMeans() {
    List<Results.ConfigResult> rs = List.of(result("bon", 2, 0.50), result("ttsvar", 2, 0.62), result("bon", 8, 0.60), result("ttsvar", 8, 0.58));
    List<Claim> claims = Claims.evaluate(rs);
    assertThat(claims.get(0).holds()).isFalse(); // N=8: 0.58 < 0.60
    assertThat(claims.get(0).evidence()).contains("N=2: TTS-VAR 0.620 vs BoN 0.500").contains("N=8: TTS-VAR 0.580 vs BoN 0.600");
    assertThat(claims.get(1).holds()).isTrue(); // ttsvar N=2 0.62 ≥ bon N=8 0.60
    assertThat(claims.get(2).holds()).isNull(); // no ablations in this run
    // every configuration here takes 0.25 s/image: ttsvar-n2 (0.62) meets the cheapest Best-of-N at that time, bon-n2 (0.50)
    assertThat(claims.get(4).holds()).isTrue();
    assertThat(claims.get(4).evidence()).contains("ttsvar-n2 0.620 at 0.250 s/image vs bon-n2 0.500");
    assertThat(claims.get(5).evidence()).contains("N=2: state memory ×2.00");
  }

  @Test
  void aVerdictOnADifferenceWithinNoiseSaysSo() {
    List<Results.ConfigResult> rs = List.of(result("bon", 2, 0.50), result("ttsvar", 2, 0.55), result("bon", 8, 0.00), result("ttsvar", 8, 1.00));
    Map<String, java.util.SortedMap<Integer, PromptRecord>> records = Map.of(
        "bon-n2", promptsCorrect(40, 20), "ttsvar-n2", promptsCorrect(40, 22), // 2 of 40 prompts apart: within noise
        "bon-n8", promptsCorrect(40, 0), "ttsvar-n8", promptsCorrect(40, 40)); // all apart: clear
    List<Claim> claims = Claims.evaluate(rs, records);
    assertThat(claims.get(0).holds()).isTrue();
    assertThat(claims.get(0).withinNoise()).isTrue(); // one of its comparisons (N=2) is within noise
    assertThat(claims.get(0).verdict()).isEqualTo("holds on the means, within noise");
    assertThat(claims.get(1).withinNoise()).isFalse(); // ttsvar-n2 vs bon-n8: 22 of 40 against none
    assertThat(claims.get(1).verdict()).isEqualTo("holds");
    assertThat(claims.get(2).verdict()).isEqualTo("—"); // not run
    assertThat(Claims.evaluate(rs).get(0).verdict()).isEqualTo("holds"); // no records, no intervals
  }

  /** Records of {@code prompts} prompts with one image each, the first {@code correct} of them right. */
  private static java.util.SortedMap<Integer, PromptRecord> promptsCorrect(int prompts, int correct) {
    java.util.SortedMap<Integer, PromptRecord> r = new java.util.TreeMap<>();
    for (int i = 0; i < prompts; i++) {
      r.put(i, new PromptRecord(i, "single_object", "a photo of a circle", List.of(new ImageRecord(0, i < correct, "", 0, 0, 0, 0, 0, 0)), 0, 0));
    }
    return r;
  }

  @Test
  void unknownSuiteNamesTheKnownOnes() {
    assertThatThrownBy(() -> Suite.parse("full")).hasMessageContaining("quick, main, ablations");
  }

  private static Results.ConfigResult result(String strategy, int n, double overall) {
    BenchConfig c = BenchConfig.of(org.ttsvar.search.Strategy.parse(strategy), n);
    double state = strategy.equals("ttsvar") ? 2000 : 1000;
    return new Results.ConfigResult(c.name(), "", c, 10, 40, overall, Map.of("single_object", overall), 0, 1e9 * n, 1, n, state, 0.1,
        new Results.Measured(1, 0.25, 100));
  }
}
