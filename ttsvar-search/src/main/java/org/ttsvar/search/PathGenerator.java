package org.ttsvar.search;

/** A next-scale text-to-image model as the search sees it. */
public interface PathGenerator {
  /** Number of scales K. */
  int numScales();

  /** Starts {@code count} paths for a prompt; path i's stream derives from (seed, i) ({@link StreamIds#initial}). */
  default Paths start(String prompt, int count, long seed) {
    return startWithStreams(prompt, StreamIds.initialStreams(seed, count));
  }

  /** Starts one path per given stream id (replay). */
  Paths startWithStreams(String prompt, long[] streams);

  /** Model FLOPs to generate scale k for one path (analytic, from the model config). */
  double stepFlops(int scale);

  /** FLOPs of decoding one image. */
  double decodeFlops();

  /**
   * Bytes one path needs at its peak (its caches and code maps, a step's activations, a decoded
   * image), estimated from the model's config; the engine checks the largest batch × this against
   * the {@link org.ttsvar.world.MemoryBudget} before a search starts. 0 when unknown.
   */
  default double stateBytesPerPath() {
    return 0;
  }
}
