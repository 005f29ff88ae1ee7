package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LatentPcaFeaturesTest {
  /** A channel-major map: channel c at position q. */
  static float[] map(int channels, int positions, java.util.function.IntBinaryOperator value) {
    float[] m = new float[channels * positions];
    for (int c = 0; c < channels; c++) {
      for (int q = 0; q < positions; q++) {
        m[c * positions + q] = value.applyAsInt(c, q);
      }
    }
    return m;
  }

  @Test
  void onePerPositionAlongTheMapsMainAxisOfVariation() {
    // positions 0..3 carry an "object" (+1 on every channel), the rest background (0)
    float[] m = map(3, 16, (c, q) -> q < 4 ? 1 : 0);
    double[] f = new LatentPcaFeatures(3).extract(null, new float[][] {m})[0];
    assertThat(f).hasSize(16);
    // the minority (the object) comes out positive, the background negative and equal
    for (int q = 0; q < 4; q++) {
      assertThat(f[q]).isPositive();
    }
    for (int q = 5; q < 16; q++) {
      assertThat(f[q]).isNegative().isCloseTo(f[4], org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Property(tries = 30)
  void isThePcaOfThePositionsByChannelsMatrix(@ForAll @IntRange(min = 2, max = 6) int channels, @ForAll @IntRange(min = 3, max = 12) int positions, @ForAll long seed) {
    // a map with one dominant direction of variation (a clear top eigenvalue), plus noise
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    double[] direction = new double[channels];
    for (int c = 0; c < channels; c++) {
      direction[c] = rng.nextGaussian();
    }
    float[] m = new float[channels * positions];
    for (int q = 0; q < positions; q++) {
      double along = q % 2 == 0 ? 3 : -3;
      for (int c = 0; c < channels; c++) {
        m[c * positions + q] = (float) (along * direction[c] + 0.1 * rng.nextGaussian());
      }
    }
    double[][] patches = new double[positions][channels];
    for (int c = 0; c < channels; c++) {
      for (int q = 0; q < positions; q++) {
        patches[q][c] = m[c * positions + q];
      }
    }
    double[] bySvd = PcaProjection.project(patches);
    double[] features = new LatentPcaFeatures(channels).extract(null, new float[][] {m})[0];
    assertThat(features).hasSize(positions);
    for (int q = 0; q < positions; q++) {
      assertThat(features[q]).isCloseTo(bySvd[q], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(bySvd[q]))));
    }
  }

  @Test
  void needsNoImageAndRefusesAMapOfAnotherShape() {
    LatentPcaFeatures x = new LatentPcaFeatures(4);
    assertThat(x.needsImages()).isFalse();
    assertThat(x.name()).isEqualTo("latent-pca");
    assertThatThrownBy(() -> x.extract(null, new float[][] {new float[10]})).hasMessageContaining("4 channels");
  }
}
