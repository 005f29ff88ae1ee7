package org.ttsvar.cli;

import org.ttsvar.search.Reward;

/**
 * The verifier used as a reward: 1 when MiniGenEval judges the image correct, else 0. An upper bound
 * for studies only: searching with the evaluator measures nothing about the method. Never a default.
 */
final class OracleReward {
  private OracleReward() {}

  static Reward create() {
    throw new BadInputException("the oracle reward (the verifier) is not wired in yet");
  }
}
