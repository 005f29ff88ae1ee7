package org.ttsvar.models.embedded.reward;

import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Task;

/**
 * What a reward training stream draws beyond the default (tasks in equal shares, wrong prompts from
 * any applicable change).
 *
 * @param hardNegatives probability that the wrong prompt makes the task's {@linkplain
 *     RewardTrainer#hardKind hard} change instead of a random applicable one
 * @param focus a task drawn more often, or null
 * @param focusShare probability that an example is of {@code focus}; the rest are drawn as usual
 *     (so the focus task's total share is {@code focusShare + (1 − focusShare)/6})
 * @param malformed probability that an example's negative row is its own prompt with the scene drawn
 *     with one object {@linkplain org.ttsvar.world.Malformations malformed}, instead of the image
 *     with a wrong prompt (only for renders, degraded renders and reconstructions: a partial decode
 *     or a completion would hide or repair the malformation)
 * @param codeDamaged probability that a reconstruction example that is not malformed gets as its
 *     negative row its own prompt with the reconstruction {@linkplain CodeDamage damaged in code
 *     space} over one object (the generator's kind of half-formed shape)
 */
public record DataMix(double hardNegatives, Task focus, double focusShare, double malformed, double codeDamaged) {
  /** The original stream: equal task shares, random changes. */
  public static final DataMix PLAIN = new DataMix(0, null, 0, 0, 0);

  public DataMix {
    if (!(hardNegatives >= 0 && hardNegatives <= 1)) {
      throw new BadInputException("the share of hard negatives must be in [0, 1], got " + hardNegatives);
    }
    if (!(focusShare >= 0 && focusShare < 1) || (focus == null) != (focusShare == 0)) {
      throw new BadInputException("a focus needs a task and a share in (0, 1), got " + focus + " at " + focusShare);
    }
    if (!(malformed >= 0 && malformed < 1)) {
      throw new BadInputException("the share of malformed negatives must be in [0, 1), got " + malformed);
    }
    if (!(codeDamaged >= 0 && codeDamaged <= 1)) {
      throw new BadInputException("the share of code-damaged negatives must be in [0, 1], got " + codeDamaged);
    }
  }

  public static DataMix hardNegatives(double share) {
    return new DataMix(share, null, 0, 0, 0);
  }

  /** This mix with a share of malformed-object negatives. */
  public DataMix withMalformed(double share) {
    return new DataMix(hardNegatives, focus, focusShare, share, codeDamaged);
  }

  /** This mix with a share of code-damaged negatives among the reconstructions. */
  public DataMix withCodeDamaged(double share) {
    return new DataMix(hardNegatives, focus, focusShare, malformed, share);
  }

  /**
   * Parses {@code TASK=SHARE}, e.g. {@code position=0.5}.
   *
   * @throws IllegalArgumentException naming the problem and the known tasks
   */
  public static DataMix withFocus(double hardNegatives, String focus) {
    String[] kv = focus.split("=", -1);
    if (kv.length != 2) {
      throw new BadInputException("a focus is TASK=SHARE, e.g. position=0.5; got '" + focus + "'");
    }
    Task task;
    try {
      task = Task.fromTag(kv[0].trim());
    } catch (BadInputException e) {
      throw new BadInputException("unknown task '" + kv[0] + "' in the focus; known: " + Task.tags());
    }
    double share;
    try {
      share = Double.parseDouble(kv[1].trim());
    } catch (NumberFormatException e) {
      throw new BadInputException("the focus share must be a number in (0, 1), got '" + kv[1] + "'");
    }
    if (!(share > 0 && share < 1)) {
      throw new BadInputException("the focus share must be in (0, 1), got " + share);
    }
    return new DataMix(hardNegatives, task, share, 0, 0);
  }
}
