package org.ttsvar.bench.studies;

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
public final class OracleReward implements Reward {
  /** Its registry name (the verifier's alias, "verifier", is accepted by {@link #isOracle}). */
  public static final String NAME = "oracle";

  private OracleReward() {}

  public static Reward create() {
    return new OracleReward();
  }

  /** Whether a reward name means the verifier. */
  public static boolean isOracle(String name) {
    String n = name.trim().toLowerCase(java.util.Locale.ROOT);
    return n.equals(NAME) || n.equals("verifier");
  }

  @Override
  public String name() {
    return NAME;
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
