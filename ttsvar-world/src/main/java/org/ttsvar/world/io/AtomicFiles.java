package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: the bytes go to a temporary file in
 * the same folder, which is then renamed over the target. A crash or a full disk leaves at most a
 * {@code .tmp} file behind, never a truncated result that looks complete.
 *
 * <p>A rename replaces whatever the target name held, so the target's kind is checked first
 * ({@link #checkTarget}): a target that exists and is not a regular file (a device, a FIFO, a
 * folder, a socket) is refused, and a symbolic link is written through: its final target is
 * replaced (atomically, a temporary file next to it) and the link itself stays, as a shell's
 * {@code >} would do. A link whose target is missing or not a regular file is refused.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) throws IOException {
    target = checkTarget(target);
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = tempFileFor(target);
    try {
      Files.write(tmp, bytes);
      move(tmp, target);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not write " + target + ": " + e.getMessage() + " (is the disk full or read-only?)", e);
    }
  }

  /**
   * A new, empty temporary file next to {@code target}, to be renamed over it, with the permissions
   * the target should end with: those of the target when it exists, else a new file's (0666 less the
   * umask, as a shell's {@code >} gives), not {@link Files#createTempFile}'s 0600.
   */
  public static Path tempFileFor(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(r.nextLong(), 36) + ".tmp");
      try {
        Files.createFile(tmp); // the umask applies
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt < 100) {
          continue;
        }
        throw e;
      }
      if (Files.isRegularFile(target)) {
        try {
          Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (UnsupportedOperationException | IOException e) {
          // no POSIX permissions here, or not ours to copy: the new file's default stays
        }
      }
      return tmp;
    }
  }

  /**
   * Checks that {@code target} can be replaced by a file: it does not exist, or it is a regular
   * file, or a symbolic link (followed to the end) to a regular file.
   *
   * @return the path to write: {@code target} itself, or the regular file a link leads to
   * @throws OutputFolderException when the target is a folder, a device, a FIFO, a socket, or a
   *     link to one of those or to nothing
   */
  public static Path checkTarget(Path target) {
    if (Files.isSymbolicLink(target)) {
      Path real;
      try {
        real = target.toRealPath();
      } catch (IOException e) {
        throw new OutputFolderException(target + " is a symbolic link to a file that does not exist (or cannot be reached); "
            + "create the file it points to, remove the link, or choose another output");
      }
      if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new OutputFolderException(target + " is a symbolic link to " + real + ", which is " + kind(real)
            + ", not a regular file; it would be replaced: choose another output");
      }
      return real;
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutputFolderException(target + " is " + kind(target) + ", not a regular file; it would be replaced: choose another output");
    }
    return target;
  }

  /**
   * Checks, before any work, that files can be written into the folder {@code dir}: it is a folder
   * (or does not exist yet), and it, or the nearest folder above it that exists, is writable.
   *
   * @throws OutputFolderException saying what {@code dir} is, or which folder is not writable
   */
  public static void checkFolder(Path dir) {
    Path abs = dir.toAbsolutePath();
    if (Files.exists(abs) && !Files.isDirectory(abs)) {
      throw new OutputFolderException(dir + " is " + (Files.isRegularFile(abs) ? "a file" : kind(abs)) + ", not a folder; choose another output folder");
    }
    Path p = abs;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p != null && !Files.isDirectory(p)) {
      throw new OutputFolderException(dir + " cannot be created: " + p + " is not a folder; choose another output folder");
    }
    if (p != null && !Files.isWritable(p)) {
      throw new OutputFolderException(dir + " cannot be written: " + p + " is not writable; choose another output folder");
    }
  }

  /** What a path that exists is, in words ("a folder", "a device or FIFO", ...). */
  static String kind(Path p) {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return "a folder";
    }
    try {
      Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      int type = ((Integer) mode) & 0170000;
      switch (type) {
        case 0010000: return "a FIFO (named pipe)";
        case 0020000: return "a character device";
        case 0060000: return "a block device";
        case 0140000: return "a socket";
        default: break;
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // no unix view: fall through
    }
    return "a special file (a device, a pipe or a socket)";
  }

  public static void move(Path tmp, Path target) throws IOException {
    target = checkTarget(target);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
