package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.ValueScorerTest.FirstCode;
import org.ttsvar.search.testing.FakeGenerator;

/** The adaptive budget (narrowAbove): N confident paths end the widening; none leaves the schedule's search as it was. */
class AdaptiveBudgetTest {
  private static SearchConfig config(int n, Double narrowAbove) {
    return ValueScorerTest.config(n).withNarrowAbove(narrowAbove);
  }

  private static SearchResult run(FirstCode value, SearchConfig c) {
    return new SearchEngine(new FakeGenerator(13), FakeGenerator.REWARD, FakeGenerator.LATENT, value).run("a photo of a circle", 4, c);
  }

  @Test
  void whenEveryPathReachesTheThresholdTheFirstDecisionScaleKeepsTheNBestAndTheBatchStaysN() {
    FirstCode value = new FirstCode();
    SearchResult r = run(value, config(2, -1e9));
    ScaleTrace at2 = r.trace().get(2); // the first clustering scale
    assertThat(at2.decision()).isEqualTo(Decision.NARROW);
    double[] v = at2.rewards();
    double[] sorted = Arrays.stream(v).sorted().toArray();
    assertThat(Arrays.stream(at2.chosen()).mapToDouble(i -> v[i]).sorted().toArray()).containsExactly(sorted[v.length - 2], sorted[v.length - 1]);
    assertThat(r.trace().stream().skip(3).mapToInt(ScaleTrace::executedBatch).distinct().toArray()).containsExactly(2);
    assertThat(r.trace().stream().skip(3).map(t -> t.decision().id()).distinct().toList()).containsExactly("none", "final");
    assertThat(value.scales).containsExactly(2); // no value is read after the narrowing
    assertThat(r.survivors()).hasSize(2);
    assertThat(r.stats().modelFlops()).isLessThan(run(new FirstCode(), config(2, null)).stats().modelFlops());
  }

  @Test
  void whenNoPathReachesItTheSearchIsTheSchedulesOnlyReadingValuesAtTheClusteringScalesToo() {
    FirstCode never = new FirstCode();
    SearchResult a = run(never, config(2, 1e9));
    SearchResult b = run(new FirstCode(), config(2, null));
    assertThat(a.best()).isEqualTo(b.best());
    assertThat(a.trace().stream().map(ScaleTrace::decision).toList()).isEqualTo(b.trace().stream().map(ScaleTrace::decision).toList());
    assertThat(a.survivors().stream().map(SearchResult.Survivor::streams).toList()).usingRecursiveComparison()
        .isEqualTo(b.survivors().stream().map(SearchResult.Survivor::streams).toList());
    assertThat(never.scales).containsExactly(2, 5, 6, 9);
    // what it read at the clustering scales is in the trace, though clustering decided there
    assertThat(a.trace().get(2).decision()).isEqualTo(Decision.CLUSTER);
    assertThat(a.trace().get(2).rewards()).hasSize(a.trace().get(2).executedBatch());
    assertThat(b.trace().get(2).rewards()).isNull();
  }

  @Test
  void theNBestAreTheHighestValuesWithTiesToTheLowerRowAndNaNLast() {
    assertThat(SearchEngine.best(new double[] {0.5, 2, Double.NaN, 2, 1}, 2)).containsExactly(1, 3);
    assertThat(SearchEngine.best(new double[] {Double.NaN, 0, 0, -1}, 3)).containsExactly(1, 2, 3);
    assertThat(SearchEngine.confident(new double[] {1, Double.NaN, 3}, 2, 1.0)).isTrue();
    assertThat(SearchEngine.confident(new double[] {1, Double.NaN, 0.9}, 2, 1.0)).isFalse();
    double[] v = IntStream.range(0, 8).mapToDouble(i -> (i * 5) % 8).toArray();
    int[] top = SearchEngine.best(v, 3);
    assertThat(top).isSorted();
    assertThat(Arrays.stream(top).mapToDouble(i -> v[i]).toArray()).containsExactlyInAnyOrder(5, 6, 7);
  }

  @Test
  void aSearchWithNothingToNarrowOrNoValueHeadRefusesTheSettingByName() {
    assertThatThrownBy(() -> SearchConfig.of(Strategy.BON, 4, SearchEngineTest.PAPER, List.of(2, 5), List.of(6, 9), Potential.VALUE, 1, 13).withNarrowAbove(0.5))
        .isInstanceOf(SearchSettingException.class)
        .satisfies(e -> assertThat(((SearchSettingException) e).setting()).isEqualTo(SearchSetting.NARROW_ABOVE))
        .hasMessageContaining("nothing to narrow");
    assertThatThrownBy(() -> config(2, Double.NaN)).isInstanceOf(SearchSettingException.class).hasMessageContaining("finite");
    assertThatThrownBy(() -> SearchSpec.of(Strategy.TTSVAR, 2).withScorer("reward").withNarrowAbove(1.0).build(ValueScorerTest.WITHOUT_VALUE_HEAD))
        .isInstanceOf(SearchSettingException.class)
        .satisfies(e -> assertThat(((SearchSettingException) e).setting()).isEqualTo(SearchSetting.NARROW_ABOVE))
        .hasMessageContaining("value head");
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withNarrowAbove(1.5).name()).isEqualTo("ttsvar-n2-narrow1.5");
  }

  @Test
  void aModelsDefaultNarrowingAppliesToTtsvarAndItsAblationsWithAValueHeadAndNoneTurnsItOff() {
    SearchDefaults d = new SearchDefaults(List.of(4, 2, 1, 1), List.of(1), List.of(2), Potential.VALUE, 1.0, "latent", "value-head", 0.4);
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).resolve(d, 4).narrowAbove()).isEqualTo(0.4);
    assertThat(SearchSpec.of(Strategy.RANDOM_DROP, 2).resolve(d, 4).narrowAbove()).isEqualTo(0.4);
    for (Strategy textbook : List.of(Strategy.RAW, Strategy.BON, Strategy.IS)) {
      assertThat(SearchSpec.of(textbook, textbook == Strategy.RAW ? 1 : 2).resolve(d, 4).narrowAbove()).as(textbook.id()).isNull();
    }
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withScorer("reward").resolve(d, 4).narrowAbove()).isNull(); // nothing to read the values from
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withNarrowAbove(SearchSpec.NO_NARROWING).resolve(d, 4).narrowAbove()).isNull();
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withNarrowAbove(SearchSpec.NO_NARROWING).name()).isEqualTo("ttsvar-n2-narrownone");
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).withNarrowAbove(1.5).resolve(d, 4).narrowAbove()).isEqualTo(1.5);
    SearchDefaults without = new SearchDefaults(List.of(4, 2, 1, 1), List.of(1), List.of(2), Potential.VALUE, 1.0, "latent", "value-head");
    assertThat(SearchSpec.of(Strategy.TTSVAR, 2).resolve(without, 4).narrowAbove()).isNull();
    assertThatThrownBy(() -> new SearchDefaults(List.of(4, 2, 1, 1), List.of(1), List.of(2), Potential.VALUE, 1.0, "latent", "value-head", Double.NaN))
        .hasMessageContaining("narrowAbove must be a finite number");
  }

  @Test
  void theLibraryBuilderNarrowsOnlyWithAValueHead() {
    SearchDefaults d = new SearchDefaults(SearchEngineTest.PAPER, List.of(2, 5), List.of(6, 9), Potential.VALUE, 1.0, "latent", "value-head", 0.4);
    TtsVar.Builder b = TtsVar.builder().generator(new FakeGenerator(13)).reward(FakeGenerator.REWARD).extractor(FakeGenerator.LATENT).defaults(d).n(2);
    assertThat(b.build().config().narrowAbove()).isNull(); // the model's default has no value head to read here
    assertThat(b.pathValue(new FirstCode()).build().config().narrowAbove()).isEqualTo(0.4);
    assertThat(b.narrowAbove(SearchSpec.NO_NARROWING).build().config().narrowAbove()).isNull();
    assertThat(b.narrowAbove(1.0).diversityFloor(0.5).resampling(Resampling.Method.SYSTEMATIC).build().config().resampling().describe())
        .isEqualTo("systematic, at least 0.5 of the drawn paths distinct");
    assertThatThrownBy(() -> b.pathValue(null).narrowAbove(1.0).build()).isInstanceOf(SearchSettingException.class).hasMessageContaining("value head");
  }
}
