package org.ttsvar.bench;

/**
 * One final image of a benchmark: the verifier's verdict, the reward of the chosen image and the
 * cost of the search that made it.
 *
 * @param seed the search's seed (also the sample index in the GenEval layout)
 * @param correct the verifier's verdict
 * @param reason why the verifier rejected it ("" when correct)
 * @param reward the benchmark reward of the final image (the model's default reward, whatever the search used)
 * @param flops analytic model FLOPs of the search (executed batches + decodes)
 * @param decodes images decoded by the search
 * @param rewardCalls images the search scored
 * @param stateBytes peak per-path state held (KV caches and code maps)
 * @param wallNanos wall time of the search (measured; not reproducible)
 */
public record ImageRecord(
    long seed, boolean correct, String reason, double reward, double flops, int decodes, int rewardCalls, long stateBytes, long wallNanos) {}
