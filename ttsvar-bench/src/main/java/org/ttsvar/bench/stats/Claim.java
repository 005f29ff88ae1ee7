package org.ttsvar.bench.stats;

/**
 * One of the paper's claims checked against this run's numbers.
 *
 * @param claim the claim in the paper's words
 * @param holds true or false on our numbers; null when this suite did not run the configurations it needs
 * @param evidence the numbers compared (reproducible from the seeds)
 * @param measured wall-time evidence, which varies from run to run (null when none)
 * @param withinNoise true when a comparison behind the verdict has a paired bootstrap interval that
 *     includes zero (the verdict is a comparison of means, not a measured effect); null when no
 *     intervals were computed
 */
public record Claim(String claim, Boolean holds, String evidence, String measured, Boolean withinNoise) {
  public Claim(String claim, Boolean holds, String evidence) {
    this(claim, holds, evidence, null, null);
  }

  public Claim(String claim, Boolean holds, String evidence, Boolean withinNoise) {
    this(claim, holds, evidence, null, withinNoise);
  }

  /** The verdict in words: "holds", "does not hold", each qualified when the evidence is within noise; "—" when not run. */
  public String verdict() {
    if (holds == null) {
      return "—";
    }
    return (holds ? "holds" : "does not hold") + (Boolean.TRUE.equals(withinNoise) ? " on the means, within noise" : "");
  }
}
