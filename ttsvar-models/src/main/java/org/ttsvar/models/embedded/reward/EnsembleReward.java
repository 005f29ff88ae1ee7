package org.ttsvar.models.embedded.reward;

import java.util.List;
import org.ttsvar.search.Reward;
import org.ttsvar.world.RgbImage;

/**
 * Several standardized rewards averaged per candidate (the paper's HPS + ImageReward ensemble).
 * Each member is standardized on the same generated images, so their scales agree before averaging.
 */
public final class EnsembleReward implements Reward {
  private final List<Reward> members;

  public EnsembleReward(List<Reward> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one reward");
    }
    this.members = List.copyOf(members);
  }

  public List<Reward> members() {
    return members;
  }

  @Override
  public String name() {
    return "ensemble(" + String.join("+", members.stream().map(Reward::name).toList()) + ")";
  }

  @Override
  public double[] score(String prompt, List<RgbImage> images) {
    double[] sum = new double[images.size()];
    for (Reward r : members) {
      double[] s = r.score(prompt, images);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += s[i] / members.size();
      }
    }
    return sum;
  }
}
