package org.ttsvar.models.train;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.ttsvar.world.BadInputException;

/**
 * Optimisation settings of a training run.
 *
 * @param steps total optimizer steps
 * @param batchSize samples per step
 * @param lr peak learning rate (after linear warm-up)
 * @param minLr learning rate at the end of the cosine decay
 * @param warmupSteps steps of linear warm-up from 0
 * @param weightDecay AdamW decoupled weight decay (matrices and kernels only)
 * @param clipNorm global gradient-norm limit
 * @param checkpointEvery steps between checkpoints
 * @param logEvery steps between log lines
 * @param seed seed of the initial weights and of the data stream
 */
public record TrainSettings(
    @JsonProperty("steps") long steps,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("lr") double lr,
    @JsonProperty("min_lr") double minLr,
    @JsonProperty("warmup_steps") long warmupSteps,
    @JsonProperty("weight_decay") double weightDecay,
    @JsonProperty("clip_norm") double clipNorm,
    @JsonProperty("checkpoint_every") long checkpointEvery,
    @JsonProperty("log_every") long logEvery,
    @JsonProperty("seed") long seed) {

  public TrainSettings {
    if (steps < 1 || batchSize < 1 || lr <= 0 || minLr < 0 || minLr > lr || warmupSteps < 0 || checkpointEvery < 1 || logEvery < 1 || clipNorm <= 0) {
      throw new BadInputException(
          "invalid training settings: need steps ≥ 1, batch ≥ 1, 0 ≤ min_lr ≤ lr, lr > 0, warmup ≥ 0, checkpoint/log intervals ≥ 1, clip > 0");
    }
  }

  /** Linear warm-up, then cosine decay from lr to minLr. */
  public double lrAt(long step) {
    if (step < warmupSteps) {
      return lr * (step + 1) / warmupSteps;
    }
    double t = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
    return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * Math.min(1, t)));
  }

  public TrainSettings withSteps(long newSteps) {
    return new TrainSettings(newSteps, batchSize, lr, minLr, warmupSteps, weightDecay, clipNorm, checkpointEvery, logEvery, seed);
  }
}
