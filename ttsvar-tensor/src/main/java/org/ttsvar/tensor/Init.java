package org.ttsvar.tensor;

import java.util.SplittableRandom;

/** Initial values of a parameter, drawn on the host from the model's seeded stream. */
@FunctionalInterface
public interface Init {
  float[] values(int count, long[] shape, SplittableRandom rng);

  static Init zeros() {
    return (n, s, r) -> new float[n];
  }

  static Init ones() {
    return constant(1f);
  }

  static Init constant(float c) {
    return (n, s, r) -> {
      float[] v = new float[n];
      java.util.Arrays.fill(v, c);
      return v;
    };
  }

  /** Normal with mean 0 and the given standard deviation. */
  static Init normal(double std) {
    return (n, s, r) -> {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (float) (std * gaussian(r));
      }
      return v;
    };
  }

  /** Normal with std = gain / sqrt(fan_in), fan_in = product of all dimensions but the first. */
  static Init fanIn(double gain) {
    return (n, s, r) -> {
      long fanIn = 1;
      for (int i = 1; i < s.length; i++) {
        fanIn *= s[i];
      }
      return normal(gain / Math.sqrt(Math.max(1, fanIn))).values(n, s, r);
    };
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
