package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in
 * the same folder, which is then renamed over the target. A crash or a full disk leaves at most a
 * {@code .tmp} file behind, never a truncated result that looks complete.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
    try {
      Files.write(tmp, bytes);
      move(tmp, target);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not write " + target + ": " + e.getMessage() + " (is the disk full or read-only?)", e);
    }
  }

  public static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
