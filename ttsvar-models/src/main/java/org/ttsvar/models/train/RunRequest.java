package org.ttsvar.models.train;

import java.nio.file.Path;

/**
 * Where a training run lives and how it starts: fresh, resumed from its newest checkpoint
 * ({@code resume}), or new from exported weights ({@code warmStart}, may be null); {@code progress}
 * hears of every step.
 */
public record RunRequest(Path dir, boolean resume, WarmStart warmStart, TrainingProgress progress) {
  public RunRequest {
    if (progress == null) {
      progress = TrainingProgress.SILENT;
    }
  }

  /** A request that reports no progress. */
  public RunRequest(Path dir, boolean resume, WarmStart warmStart) {
    this(dir, resume, warmStart, TrainingProgress.SILENT);
  }

  public static RunRequest of(Path dir, boolean resume) {
    return new RunRequest(dir, resume, null);
  }
}
