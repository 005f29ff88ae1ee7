package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  static final int[] PAPER = {8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1, 1};

  @Property(tries = 8)
  void paperScheduleExecutesTheBatchLeftByThePreviousScale(@ForAll @IntRange(min = 1, max = 8) int n) {
    Schedule s = Schedule.of(PAPER, n, Set.of(2, 5), Set.of(6, 9), 13);
    int[] expected = {8, 8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1};
    for (int k = 0; k < 13; k++) {
      assertThat(s.executed(k)).isEqualTo(expected[k] * n);
      assertThat(s.batchAfter()[k]).isEqualTo(PAPER[k] * n);
    }
    assertThat(s.decisionAt(2)).isEqualTo(Decision.CLUSTER);
    assertThat(s.decisionAt(6)).isEqualTo(Decision.RESAMPLE);
    assertThat(s.decisionAt(7)).isEqualTo(Decision.NONE);
  }

  @Test
  void invalidSchedulesNameTheArgumentAndTheRule() {
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 8, 6}, 1, Set.of(2), Set.of(), 13))
        .isInstanceOf(SearchSettingException.class)
        .hasMessageContaining("batchSchedule")
        .hasMessageContaining("exactly 13 entries");
    assertThatThrownBy(() -> Schedule.of(new int[] {4, 8, 8}, 1, Set.of(), Set.of(1), 3)).hasMessageContaining("batchSchedule").hasMessageContaining("non-increasing");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 0, 0}, 1, Set.of(1), Set.of(), 3)).hasMessageContaining("≥ 1");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 8, 4, 4}, 1, Set.of(1), Set.of(2), 4))
        .hasMessageContaining("clusterScales")
        .hasMessageContaining("must reduce");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 8, 4}, 1, Set.of(), Set.of(2), 3))
        .hasMessageContaining("resampleScales")
        .hasMessageContaining("last scale");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 8, 4}, 1, Set.of(2), Set.of(), 3))
        .hasMessageContaining("clusterScales")
        .hasMessageContaining("last scale");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 4, 4}, 1, Set.of(), Set.of(), 3)).hasMessageContaining("neither a clustering nor a resampling scale");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 4, 4}, 1, Set.of(7), Set.of(), 3)).hasMessageContaining("clusterScales").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Schedule.of(new int[] {8, 4, 4}, 1, Set.of(1), Set.of(1), 3)).hasMessageContaining("resampleScales");
    assertThatThrownBy(() -> Schedule.of(new int[] {1, 1, 1}, 0, Set.of(), Set.of(), 3)).hasMessageContaining("n: must be ≥ 1");
  }

  @Test
  void resamplingMayKeepTheBatchSize() {
    Schedule s = Schedule.of(new int[] {4, 4, 4}, 2, Set.of(), Set.of(0, 1), 3);
    assertThat(s.executedBatches()).containsExactly(8, 8, 8);
  }

  @Test
  void strategiesResolveToTheirSchedules() {
    List<Integer> base = List.of(8, 8, 6, 6, 6, 4, 2, 2, 2, 1, 1, 1, 1);
    SearchConfig bon = SearchConfig.of(Strategy.BON, 4, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(bon.schedule().executedBatches()).containsOnly(4);
    assertThat(bon.schedule().resampleScales()).isEmpty();
    SearchConfig is = SearchConfig.of(Strategy.IS, 2, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(is.schedule().executedBatches()).containsOnly(2);
    assertThat(is.schedule().resampleScales()).hasSize(12).doesNotContain(12);
    SearchConfig tts = SearchConfig.of(Strategy.TTSVAR, 2, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(tts.schedule().executedBatches()).containsExactly(16, 16, 16, 12, 12, 12, 8, 4, 4, 4, 2, 2, 2);
    SearchConfig cluster = SearchConfig.of(Strategy.CLUSTER_ONLY, 2, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(cluster.schedule().executedBatches()).containsExactly(16, 16, 16, 12, 12, 12, 2, 2, 2, 2, 2, 2, 2);
    assertThat(cluster.schedule().resampleScales()).isEmpty();
    SearchConfig resample = SearchConfig.of(Strategy.RESAMPLE_ONLY, 2, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(resample.schedule().executedBatches()).containsExactly(8, 8, 8, 8, 8, 8, 8, 4, 4, 4, 2, 2, 2);
    assertThat(resample.schedule().clusterScales()).isEmpty();
    SearchConfig raw = SearchConfig.of(Strategy.RAW, 1, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, 10, 13);
    assertThat(raw.usesReward()).isFalse();
    assertThatThrownBy(() -> SearchConfig.of(Strategy.RAW, 2, base, List.of(), List.of(), Potential.VALUE, 10, 13)).hasMessageContaining("n: raw sampling generates one path");
    assertThatThrownBy(() -> SearchConfig.of(Strategy.TTSVAR, 2, base, List.of(2, 5), List.of(6, 9), Potential.VALUE, -1, 13)).hasMessageContaining("lambda: must be a finite number ≥ 0");
    assertThatThrownBy(() -> Strategy.parse("beam")).hasMessageContaining("strategy: unknown").hasMessageContaining("ttsvar");
    assertThatThrownBy(() -> Potential.parse("avg")).hasMessageContaining("potential: unknown").hasMessageContaining("value, diff, max, sum");
  }

  @Test
  void historyPotentialsScoreEveryScale() {
    List<Integer> base = List.of(4, 2, 1, 1);
    SearchConfig value = SearchConfig.of(Strategy.TTSVAR, 1, base, List.of(1), List.of(2), Potential.VALUE, 10, 4);
    SearchConfig max = SearchConfig.of(Strategy.TTSVAR, 1, base, List.of(1), List.of(2), Potential.MAX, 10, 4);
    assertThat(new boolean[] {value.scoresAt(0), value.scoresAt(1), value.scoresAt(2), value.scoresAt(3)}).containsExactly(false, false, true, true);
    assertThat(new boolean[] {max.scoresAt(0), max.scoresAt(1), max.scoresAt(2), max.scoresAt(3)}).containsExactly(true, true, true, true);
  }
}
