package org.ttsvar.models.train;

import java.nio.file.Path;

/**
 * Where a training run lives and how it starts: fresh, resumed from its newest checkpoint
 * ({@code resume}), or new from exported weights ({@code warmStart}, may be null).
 */
public record RunRequest(Path dir, boolean resume, WarmStart warmStart) {
  public static RunRequest of(Path dir, boolean resume) {
    return new RunRequest(dir, resume, null);
  }
}
