package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The three draws and the ESS rule: what each guarantees, and that they keep paths in proportion to their weights. */
class ResamplingTest {
  private static int[] copies(int[] rows, int n) {
    int[] c = new int[n];
    for (int r : rows) {
      c[r]++;
    }
    return c;
  }

  @Property(tries = 200)
  void systematicGivesEveryPathTheFloorOrCeilingOfItsExpectedCopies(
      @ForAll @Size(min = 1, max = 12) double[] potentials, @ForAll @IntRange(min = 1, max = 16) int count, @ForAll long seed) {
    double[] w = Resampler.weights(potentials, 1.0);
    int[] rows = new Resampling(Resampling.Method.SYSTEMATIC, null).draw(w, count, new SplittableRandom(seed));
    assertThat(rows).hasSize(count).isSorted();
    int[] c = copies(rows, w.length);
    for (int i = 0; i < w.length; i++) {
      double expected = count * w[i];
      assertThat((double) c[i]).as("path %d, weight %s", i, w[i]).isBetween(Math.floor(expected - 1e-9), Math.ceil(expected + 1e-9));
      if (w[i] == 0) {
        assertThat(c[i]).isZero();
      }
    }
  }

  @Property(tries = 100)
  void stratifiedAndMultinomialDrawOnlyWeightedPathsAndAreDeterministic(
      @ForAll @Size(min = 1, max = 12) double[] potentials, @ForAll @IntRange(min = 1, max = 16) int count, @ForAll long seed) {
    double[] w = Resampler.weights(potentials, 2.0);
    for (Resampling.Method m : Resampling.Method.values()) {
      Resampling r = new Resampling(m, null);
      int[] rows = r.draw(w, count, new SplittableRandom(seed));
      assertThat(rows).hasSize(count).isSorted().isEqualTo(r.draw(w, count, new SplittableRandom(seed)));
      for (int row : rows) {
        assertThat(w[row]).as(m + " drew a zero-weight path").isPositive();
      }
    }
  }

  @Test
  void multinomialIsTheEnginesEarlierDrawBitForBit() {
    double[] w = Resampler.weights(new double[] {0.1, 0.7, -0.3, 0.5, 0.2}, 10);
    for (long seed = 0; seed < 50; seed++) {
      assertThat(Resampling.PAPER.draw(w, 4, new SplittableRandom(seed))).isEqualTo(Resampler.draw(w, 4, new SplittableRandom(seed)));
    }
  }

  @Property(tries = 3)
  void everyMethodKeepsPathsInProportionToTheirWeightsOnAverage(@ForAll @DoubleRange(min = 0.2, max = 2) double spread) {
    double[] w = Resampler.weights(new double[] {0, spread, 2 * spread, 0.5 * spread}, 1.0);
    int count = 3, draws = 20_000;
    for (Resampling.Method m : Resampling.Method.values()) {
      Resampling r = new Resampling(m, null);
      SplittableRandom rng = new SplittableRandom(7);
      double[] mean = new double[w.length];
      for (int t = 0; t < draws; t++) {
        int[] c = copies(r.draw(w, count, rng), w.length);
        for (int i = 0; i < w.length; i++) {
          mean[i] += c[i] / (double) draws;
        }
      }
      for (int i = 0; i < w.length; i++) {
        assertThat(mean[i]).as(m + ", path " + i).isCloseTo(count * w[i], within(0.05));
      }
    }
  }

  @Test
  void systematicVariesLessThanMultinomial() {
    double[] w = Resampler.weights(new double[] {0.1, 0.9, 0.4, 0.6, 0.3, 0.2}, 3.0);
    double[] variance = new double[Resampling.Method.values().length];
    for (Resampling.Method m : Resampling.Method.values()) {
      SplittableRandom rng = new SplittableRandom(11);
      double sum = 0, sumSquares = 0;
      int draws = 5_000;
      for (int t = 0; t < draws; t++) {
        int c = copies(new Resampling(m, null).draw(w, 4, rng), w.length)[1]; // the heaviest path's copies
        sum += c;
        sumSquares += (double) c * c;
      }
      variance[m.ordinal()] = sumSquares / draws - (sum / draws) * (sum / draws);
    }
    assertThat(variance[Resampling.Method.SYSTEMATIC.ordinal()]).isLessThan(variance[Resampling.Method.STRATIFIED.ordinal()]);
    assertThat(variance[Resampling.Method.STRATIFIED.ordinal()]).isLessThan(variance[Resampling.Method.MULTINOMIAL.ordinal()]);
  }

  @Test
  void effectiveSampleSizeRunsFromOneToTheNumberOfPaths() {
    assertThat(Resampling.effectiveSampleSize(new double[] {0.25, 0.25, 0.25, 0.25})).isCloseTo(4, within(1e-12));
    assertThat(Resampling.effectiveSampleSize(new double[] {1, 0, 0, 0})).isCloseTo(1, within(1e-12));
    assertThat(Resampling.effectiveSampleSize(new double[] {0.5, 0.5, 0, 0})).isCloseTo(2, within(1e-12));
  }

  @Test
  void aThresholdThinsEvenWeightsUniformlyAndResamplesUnevenOnes() {
    Resampling adaptive = new Resampling(Resampling.Method.SYSTEMATIC, 0.5);
    double[] even = {0.3, 0.2, 0.25, 0.25}; // ESS 3.92 ≥ 0.5·4
    double[] uneven = {0.91, 0.03, 0.03, 0.03}; // ESS 1.2 < 2
    assertThat(adaptive.skips(even)).isTrue();
    assertThat(adaptive.skips(uneven)).isFalse();
    assertThat(new Resampling(Resampling.Method.SYSTEMATIC, null).skips(even)).isFalse();
    for (long seed = 0; seed < 20; seed++) {
      int[] thinned = adaptive.draw(even, 4, new SplittableRandom(seed));
      assertThat(thinned).containsExactly(0, 1, 2, 3); // uniform systematic keeps every path once
      int[] resampled = adaptive.draw(uneven, 4, new SplittableRandom(seed));
      assertThat(copies(resampled, 4)[0]).isGreaterThanOrEqualTo(3);
    }
    int[] half = adaptive.draw(even, 2, new SplittableRandom(3));
    assertThat(Arrays.stream(half).distinct().count()).isEqualTo(2); // thinning to 2 keeps 2 different paths
  }

  @Test
  void badSettingsNameTheSetting() {
    assertThatThrownBy(() -> new Resampling(Resampling.Method.SYSTEMATIC, 0.0)).isInstanceOf(SearchSettingException.class).hasMessageContaining("essThreshold")
        .hasMessageContaining("(0, 1]");
    assertThatThrownBy(() -> new Resampling(Resampling.Method.SYSTEMATIC, 1.5)).isInstanceOf(SearchSettingException.class);
    assertThatThrownBy(() -> Resampling.Method.parse("residual")).isInstanceOf(SearchSettingException.class).hasMessageContaining("resampling")
        .hasMessageContaining("multinomial, systematic, stratified");
    assertThat(Resampling.Method.parse(" Systematic ")).isEqualTo(Resampling.Method.SYSTEMATIC);
  }

  @Property(tries = 300)
  void aDiversityFloorKeepsThatShareOfTheDrawDistinctReplacingCopiesByTheHeaviestUndrawnPaths(
      @ForAll @Size(min = 1, max = 12) double[] potentials, @ForAll @IntRange(min = 1, max = 16) int count, @ForAll long seed,
      @ForAll @DoubleRange(min = 0.05, max = 1.0) double floor) {
    double[] w = Resampler.weights(potentials, 1.0);
    for (Resampling.Method m : Resampling.Method.values()) {
      int[] plain = new Resampling(m, null).draw(w, count, new SplittableRandom(seed));
      int[] floored = new Resampling(m, null, floor).draw(w, count, new SplittableRandom(seed));
      assertThat(floored).hasSize(count).isSorted();
      long positive = Arrays.stream(w).filter(x -> x > 0).count();
      long distinctPlain = Arrays.stream(plain).distinct().count();
      long want = (long) Math.ceil(floor * Math.min(count, positive) - 1e-9);
      assertThat(Arrays.stream(floored).distinct().count()).isEqualTo(Math.max(distinctPlain, want));
      int[] before = copies(plain, w.length);
      int[] after = copies(floored, w.length);
      for (int i = 0; i < w.length; i++) {
        if (after[i] > before[i]) { // an added path was not drawn, and no undrawn path outweighs it
          assertThat(before[i]).isZero();
          assertThat(after[i]).isEqualTo(1);
          for (int j = 0; j < w.length; j++) {
            if (after[j] == 0) {
              assertThat(w[j]).isLessThanOrEqualTo(w[i]);
            }
          }
        } else if (after[i] < before[i]) {
          assertThat(after[i]).isPositive(); // copies give way, never a path's only one
        }
      }
    }
  }

  @Test
  void aFloorOfOneDrawsAsManyDistinctPathsAsItCanAndIsRefusedOutsideTheUnitInterval() {
    double[] w = {0.97, 0.01, 0.01, 0.01};
    assertThat(new Resampling(Resampling.Method.MULTINOMIAL, null, 1.0).draw(w, 3, new SplittableRandom(1))).doesNotHaveDuplicates().contains(0);
    assertThat(new Resampling(Resampling.Method.MULTINOMIAL, null, 1.0).draw(w, 6, new SplittableRandom(1))).hasSize(6).contains(0, 1, 2, 3);
    assertThatThrownBy(() -> new Resampling(Resampling.Method.SYSTEMATIC, null, 0.0)).isInstanceOf(SearchSettingException.class)
        .hasMessageContaining("diversityFloor");
    assertThatThrownBy(() -> new Resampling(Resampling.Method.SYSTEMATIC, null, 1.01)).isInstanceOf(SearchSettingException.class);
  }
}
