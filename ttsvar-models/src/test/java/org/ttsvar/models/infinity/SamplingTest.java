package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.StreamIds;
import org.ttsvar.world.BadInputException;

/** Bits drawn from per-path streams: frequencies, top-p on two classes, determinism. */
class SamplingTest {
  static final double[] PROBS = {0.05, 0.2, 0.5, 0.7, 0.95, 0.02, 0.03, 0.97, 0.99};

  static float[] tile(double[] probs, int paths) {
    float[] out = new float[probs.length * paths];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) probs[i % probs.length];
    }
    return out;
  }

  /** Per probability: frequency of ones over 20 000 paths within 4.5 σ; chi-square over the sampled ones. */
  @Test
  void bitFrequenciesMatchTheProbabilities() {
    int paths = 20_000;
    float[] bits = new Sampling(3, 0.5, 0.97).draw(tile(PROBS, paths), StreamIds.initialStreams(42, paths), 3);
    double chi2 = 0;
    StringBuilder report = new StringBuilder();
    for (int j = 0; j < PROBS.length; j++) {
      int ones = 0;
      for (int i = 0; i < paths; i++) {
        ones += (int) bits[i * PROBS.length + j];
      }
      double p = PROBS[j], freq = (double) ones / paths;
      report.append(String.format(" %.2f→%.4f", p, freq));
      if (Math.min(p, 1 - p) <= 0.03 + 1e-9) { // top-p 0.97 removes the minority value: the likely one, always
        assertThat(ones).as("p = %s", p).isEqualTo(p > 0.5 ? paths : 0);
      } else {
        double z = (ones - paths * p) / Math.sqrt(paths * p * (1 - p));
        assertThat(Math.abs(z)).as("p = %s: %d ones of %d", p, ones, paths).isLessThan(4.5);
        chi2 += z * z;
      }
    }
    System.out.printf("bit frequencies (p→freq):%s; chi-square %.2f on 5 dof%n", report, chi2);
    assertThat(chi2).isLessThan(20.5); // p ≈ 0.001 for 5 degrees of freedom
  }

  @Test
  void withTopPOneEveryBitIsDrawn() {
    int paths = 20_000;
    float[] bits = new Sampling(3, 0.5, 1.0).draw(tile(new double[] {0.02}, paths), StreamIds.initialStreams(5, paths), 0);
    double freq = Arrays.stream(toDouble(bits)).average().orElseThrow();
    assertThat(Math.abs(freq - 0.02)).isLessThan(4.5 * Math.sqrt(0.02 * 0.98 / paths));
  }

  @Test
  void drawsAreDeterministicPerStreamAndIndependentOfTheBatch() {
    Sampling s = Sampling.DEFAULT;
    long[] streams = StreamIds.initialStreams(9, 3);
    float[] probs = tile(new double[] {0.3, 0.5, 0.6, 0.4}, 3);
    float[] a = s.draw(probs, streams, 2);
    assertThat(s.draw(probs, streams, 2)).isEqualTo(a);
    float[] alone = s.draw(Arrays.copyOfRange(probs, 4, 8), new long[] {streams[1]}, 2);
    assertThat(alone).isEqualTo(Arrays.copyOfRange(a, 4, 8));
    float[] many = s.draw(tile(new double[] {0.5}, 256), StreamIds.initialStreams(9, 256), 2);
    float[] otherScale = s.draw(tile(new double[] {0.5}, 256), StreamIds.initialStreams(9, 256), 3);
    assertThat(otherScale).isNotEqualTo(many);
  }

  @Test
  void refusesSettingsOutsideTheirRange() {
    assertThatThrownBy(() -> new Sampling(3, 0, 0.97)).isInstanceOf(BadInputException.class).hasMessageContaining("tau");
    assertThatThrownBy(() -> new Sampling(3, 0.5, 0)).isInstanceOf(BadInputException.class).hasMessageContaining("top-p");
    assertThatThrownBy(() -> new Sampling(Double.NaN, 0.5, 0.97)).isInstanceOf(BadInputException.class).hasMessageContaining("cfg");
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
