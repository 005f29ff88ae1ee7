package org.ttsvar.world;

/**
 * Derives independent seeds from a base seed and a path of integers (prompt index, image index, …)
 * with the SplitMix64 finaliser, so that every image, particle and stream has its own reproducible
 * seed that does not depend on what else is generated.
 */
public final class Seeds {
  private Seeds() {}

  public static long derive(long base, long... path) {
    long h = mix(base ^ 0x9E3779B97F4A7C15L);
    for (long p : path) {
      h = mix(h + 0x9E3779B97F4A7C15L + mix(p));
    }
    return h;
  }

  /** SplitMix64's finaliser: a bijection on longs with good avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
