package org.ttsvar.models.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.world.BadInputException;

/**
 * Exported weights a new run starts from, so that a run can continue on another machine from a
 * small committed snapshot (F16 weights, no optimizer state) instead of a full checkpoint. The step
 * counter, and with it the learning-rate schedule and the data stream, continues at {@code step};
 * the optimizer moments start from zero, so the learning rate is re-warmed over {@link #REWARM_STEPS}.
 *
 * @param weights the snapshot's {@code model.safetensors}
 * @param step the optimizer step the snapshot was taken at (its {@code steps} metadata)
 */
public record WarmStart(Path weights, long step) {
  /** Steps over which the learning rate ramps back up after a warm start (Adam's moments need ~1/(1−β₂) steps). */
  public static final long REWARM_STEPS = 100;

  public WarmStart {
    if (step < 0) {
      throw new BadInputException("warm-start step must be ≥ 0, got " + step);
    }
  }

  /** Reads the snapshot in an exported model folder ({@code config.json} + {@code model.safetensors} with a {@code steps} entry). */
  public static WarmStart fromModelFolder(Path dir) throws IOException {
    Path file = dir.resolve(ModelFiles.WEIGHTS);
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": no exported weights here; a warm start needs a folder of exported weights");
    }
    String steps;
    try (SafeTensors st = SafeTensors.open(file)) {
      steps = st.metadata().get("steps");
    }
    if (steps == null) {
      throw new CorruptWeightsException(file + ": its metadata does not record the training step ('steps'); export it again");
    }
    try {
      return new WarmStart(file, Long.parseLong(steps));
    } catch (NumberFormatException e) {
      throw new CorruptWeightsException(file + ": metadata 'steps' is not a number: " + steps);
    }
  }

  /** The factor on the scheduled learning rate at step {@code t}: a linear ramp over the first {@link #REWARM_STEPS} steps after the start. */
  public double lrFactor(long t) {
    if (t < step) {
      return 1.0;
    }
    return Math.min(1.0, (double) (t - step + 1) / REWARM_STEPS);
  }
}
