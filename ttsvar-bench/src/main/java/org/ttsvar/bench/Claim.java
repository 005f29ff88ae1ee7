package org.ttsvar.bench;

/**
 * One of the paper's claims checked against this run's numbers.
 *
 * @param claim the claim in the paper's words
 * @param holds true or false on our numbers; null when this suite did not run the configurations it needs
 * @param evidence the numbers compared (reproducible from the seeds)
 * @param measured wall-time evidence, which varies from run to run (null when none)
 */
public record Claim(String claim, Boolean holds, String evidence, String measured) {
  public Claim(String claim, Boolean holds, String evidence) {
    this(claim, holds, evidence, null);
  }
}
