package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PotentialAndResamplerTest {
  @Test
  void potentialsOfAHistory() {
    double[] h = {0.5, -1.0, 2.0, 1.5};
    assertThat(Potential.VALUE.of(h)).isEqualTo(1.5);
    assertThat(Potential.DIFF.of(h)).isEqualTo(-0.5);
    assertThat(Potential.MAX.of(h)).isEqualTo(2.0);
    assertThat(Potential.SUM.of(h)).isEqualTo(3.0);
    assertThat(Potential.DIFF.of(new double[] {0.7})).isEqualTo(0.7); // previous reward counts as 0
    assertThat(Potential.MAX.of(new double[] {1, Double.NaN})).isNaN();
    assertThatThrownBy(() -> Potential.VALUE.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void weightsMatchHandComputation() {
    double[] w = Resampler.weights(new double[] {0.0, 0.1, -0.1}, 10);
    double e1 = Math.exp(1), em1 = Math.exp(-1);
    double z = 1 + e1 + em1;
    assertThat(w).containsExactly(new double[] {1 / z, e1 / z, em1 / z}, within(1e-12));
  }

  @Test
  void lambdaHundredDoesNotOverflow() {
    double[] w = Resampler.weights(new double[] {1.0, 1.01, 50.0}, 100);
    assertThat(w[2]).isCloseTo(1.0, within(1e-12));
    assertThat(w[0] + w[1]).isLessThan(1e-300 * 1e10 + 1e-100);
    double[] close = Resampler.weights(new double[] {50.0, 50.01}, 100);
    double z = 1 + Math.exp(1);
    assertThat(close).containsExactly(new double[] {1 / z, Math.exp(1) / z}, within(1e-12));
  }

  @Test
  void nonFiniteRewardsHaveDefinedWeights() {
    assertThat(Resampler.weights(new double[] {Double.NaN, 1, 2}, 1)[0]).isZero();
    assertThat(Resampler.weights(new double[] {Double.NEGATIVE_INFINITY, 1, 1}, 1)).containsExactly(0, 0.5, 0.5);
    assertThat(Resampler.weights(new double[] {Double.POSITIVE_INFINITY, 3, Double.POSITIVE_INFINITY}, 1)).containsExactly(0.5, 0, 0.5);
    assertThat(Resampler.weights(new double[] {Double.NaN, Double.NaN}, 10)).containsExactly(0.5, 0.5);
    assertThat(Resampler.weights(new double[] {Double.NaN, Double.NEGATIVE_INFINITY, Double.NaN, Double.NaN}, 10)).containsOnly(0.25);
    assertThat(Resampler.weights(new double[] {-5, 0, 7}, 0)).containsOnly(1.0 / 3);
  }

  @Property(tries = 50)
  void drawsNeverPickZeroWeightPathsAndAreDeterministic(
      @ForAll @Size(min = 1, max = 12) double[] potentials, @ForAll @IntRange(min = 1, max = 16) int count, @ForAll long seed) {
    for (int i = 0; i < potentials.length; i += 3) {
      potentials[i] = Double.NaN;
    }
    double[] w = Resampler.weights(potentials, 3);
    int[] a = Resampler.draw(w, count, new SplittableRandom(seed));
    int[] b = Resampler.draw(w, count, new SplittableRandom(seed));
    assertThat(a).containsExactly(b).isSorted().hasSize(count);
    boolean anyPositive = false;
    for (double x : w) {
      anyPositive |= x > 0;
    }
    for (int r : a) {
      assertThat(r).isBetween(0, potentials.length - 1);
      if (anyPositive) {
        assertThat(w[r]).isPositive();
      }
    }
  }

  @Property(tries = 5)
  void drawFrequenciesFollowTheWeights(@ForAll @DoubleRange(min = 0, max = 2) double spread) {
    double[] w = Resampler.weights(new double[] {0, spread, 2 * spread}, 1);
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(42);
    int total = 60_000;
    for (int r : Resampler.draw(w, total, rng)) {
      counts[r]++;
    }
    for (int i = 0; i < 3; i++) {
      assertThat((double) counts[i] / total).isCloseTo(w[i], within(0.01));
    }
  }
}
