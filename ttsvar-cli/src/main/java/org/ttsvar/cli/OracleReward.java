package org.ttsvar.cli;

import java.util.List;
import org.ttsvar.search.Reward;
import org.ttsvar.verifier.MiniGenEval;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;

/**
 * The verifier used as a reward: 1 when MiniGenEval judges the image correct, else 0. An upper bound
 * for studies only, always labelled "oracle" in outputs: searching with the evaluator measures
 * nothing about the method, so it is never a default.
 */
final class OracleReward implements Reward {
  private OracleReward() {}

  static Reward create() {
    return new OracleReward();
  }

  @Override
  public String name() {
    return "oracle";
  }

  @Override
  public double[] score(String prompt, List<RgbImage> images) {
    PromptSpec spec = Grammar.parse(prompt);
    double[] scores = new double[images.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = MiniGenEval.judge(images.get(i), spec).correct() ? 1.0 : 0.0;
    }
    return scores;
  }
}
