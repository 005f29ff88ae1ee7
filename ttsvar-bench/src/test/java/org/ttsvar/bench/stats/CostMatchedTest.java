package org.ttsvar.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.search.Strategy;

class CostMatchedTest {
  static Results.ConfigResult result(BenchConfig c, double overall, double wall, double gflops) {
    return new Results.ConfigResult(c.name(), c.label(), c, 40, 40, overall, Map.of("single_object", overall), 0, gflops * 1e9, 1, 1, 1000, null,
        new Results.Measured(wall, wall, 100));
  }

  /** 40 prompts, one image each, the first {@code correct} right. */
  static SortedMap<Integer, PromptRecord> correct(int correct) {
    SortedMap<Integer, PromptRecord> r = new TreeMap<>();
    for (int i = 0; i < 40; i++) {
      r.put(i, new PromptRecord(i, "single_object", "a photo of a circle", List.of(new ImageRecord(0, i < correct, "", 0, 0, 0, 0, 0, 0)), 0, 0));
    }
    return r;
  }

  @Test
  void eachSearchMeetsTheCheapestBestOfNThatCostsAsMuchOrMore() {
    BenchConfig cheap = BenchConfig.of(Strategy.TTSVAR, 2), dear = BenchConfig.of(Strategy.TTSVAR, 8);
    List<Results.ConfigResult> configs = List.of(
        result(BenchConfig.of(Strategy.BON, 1), 0.40, 0.1, 2),
        result(BenchConfig.of(Strategy.BON, 2), 0.45, 0.2, 4),
        result(BenchConfig.of(Strategy.BON, 4), 0.50, 0.4, 8),
        result(BenchConfig.of(Strategy.BON, 8), 0.55, 0.8, 16),
        result(BenchConfig.of(Strategy.RAW, 1), 0.30, 0.1, 2),
        result(cheap, 0.90, 0.3, 3),
        result(dear, 0.60, 1.0, 20));
    Map<String, SortedMap<Integer, PromptRecord>> records = Map.of(
        "bon-n1", correct(16), "bon-n2", correct(18), "bon-n4", correct(20), "bon-n8", correct(22), "raw-n1", correct(12), cheap.name(), correct(36),
        dear.name(), correct(24));
    List<CostMatched.Match> m = CostMatched.matches(configs, records);
    // raw and Best-of-N are not matched; each search once per cost
    assertThat(m).extracting(CostMatched.Match::config).containsExactly("ttsvar-n2", "ttsvar-n8", "ttsvar-n2", "ttsvar-n8");
    CostMatched.Match wall = m.get(0);
    assertThat(wall.cost()).isEqualTo(CostMatched.Cost.WALL);
    assertThat(wall.bestOfN()).isEqualTo("bon-n4");
    assertThat(wall.bestOfNAtCost()).isCloseTo(0.475, Offset.offset(1e-12));
    assertThat(wall.curveEndsBelow()).isFalse();
    assertThat(wall.difference().mean()).isCloseTo(0.4, Offset.offset(1e-12)); // 36 vs 20 of 40
    assertThat(wall.difference().clear()).isTrue();
    CostMatched.Match beyond = m.get(1);
    assertThat(beyond.bestOfN()).isEqualTo("bon-n8");
    assertThat(beyond.curveEndsBelow()).isTrue();
    assertThat(beyond.bestOfNAtCost()).isNull();
    CostMatched.Match flops = m.get(2);
    assertThat(flops.cost()).isEqualTo(CostMatched.Cost.GFLOPS);
    assertThat(flops.bestOfN()).isEqualTo("bon-n2"); // 3 GFLOPs: Best-of-2's 4 is the cheapest at or above

    Claim claim = Claims.beatsBestOfNAtItsCost(m);
    assertThat(claim.verdict()).isEqualTo("holds");
    assertThat(claim.evidence()).contains("ttsvar-n2 0.900 at 0.300 s/image vs bon-n4 0.500 at 0.400 s/image").contains("every Best-of-N of the run costs less");
  }

  @Test
  void aSearchLevelWithItsMatchDoesNotMakeTheClaimHold() {
    BenchConfig t = BenchConfig.of(Strategy.TTSVAR, 2);
    List<Results.ConfigResult> configs = List.of(result(BenchConfig.of(Strategy.BON, 1), 0.4, 0.1, 2), result(BenchConfig.of(Strategy.BON, 4), 0.5, 0.4, 8),
        result(t, 0.5, 0.3, 6));
    List<CostMatched.Match> m = CostMatched.matches(configs, Map.of("bon-n1", correct(16), "bon-n4", correct(20), t.name(), correct(20)));
    assertThat(Claims.beatsBestOfNAtItsCost(m).holds()).isFalse();
    // a lead on the means whose interval includes zero is said to be within noise
    BenchConfig near = BenchConfig.of(Strategy.TTSVAR, 4);
    List<CostMatched.Match> close = CostMatched.matches(List.of(result(BenchConfig.of(Strategy.BON, 1), 0.4, 0.1, 2), result(BenchConfig.of(Strategy.BON, 4), 0.5, 0.4, 8),
        result(near, 0.55, 0.3, 6)), Map.of("bon-n1", correct(16), "bon-n4", correct(20), near.name(), correct(22)));
    assertThat(Claims.beatsBestOfNAtItsCost(close).verdict()).isEqualTo("holds on the means, within noise");
    // without a Best-of-N curve there is nothing to match
    assertThat(CostMatched.matches(List.of(result(t, 0.5, 0.3, 6)), Map.of())).isEmpty();
    assertThat(Claims.beatsBestOfNAtItsCost(List.of()).verdict()).isEqualTo("—");
  }
}
