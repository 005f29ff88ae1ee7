package org.ttsvar.search;

import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * The outcome of a search: the best image, all survivors ranked by reward, the per-scale trace and
 * cost statistics.
 */
public record SearchResult(
    String prompt, long seed, SearchConfig config, RgbImage best, List<Survivor> survivors, List<ScaleTrace> trace, Stats stats) {

  /**
   * A path alive at the end.
   *
   * @param rank 0 = best
   * @param row its row in the final batch
   * @param node its node id at the last scale
   * @param reward its final reward (NaN when the search used none)
   * @param image its final image
   * @param rows its row at every scale (its lineage)
   * @param streams the stream it drew each scale's bits from (replays it alone)
   */
  public record Survivor(int rank, int row, long node, double reward, RgbImage image, int[] rows, long[] streams) {}

  /**
   * Cost of the search.
   *
   * @param wallNanos total time
   * @param modelNanos generation steps
   * @param decodeNanos decoding images
   * @param rewardNanos reward model calls
   * @param featureNanos feature extraction
   * @param overheadNanos everything else (selection, bookkeeping, trace)
   * @param decodes images decoded
   * @param rewardCalls images scored
   * @param modelFlops analytic model FLOPs (steps of the executed batches + decodes)
   * @param peakStateBytes largest per-path state held (KV caches and code maps)
   */
  public record Stats(
      long wallNanos, long modelNanos, long decodeNanos, long rewardNanos, long featureNanos, long overheadNanos, int decodes, int rewardCalls,
      double modelFlops, long peakStateBytes) {}
}
