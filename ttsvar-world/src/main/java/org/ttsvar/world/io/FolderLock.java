package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run's exclusive hold on its output folder. Two processes filling one folder (a {@code --resume}
 * started while the first run, or its workers, still write) would make every image twice and
 * interleave their records; the second is refused instead, naming the process that holds the folder.
 *
 * <p>The lock is the operating system's ({@link FileChannel#tryLock}) on {@code DIR/.ttsvar.lock}: it
 * is released by {@link #close}, and by the kernel when the process ends in any way, SIGKILL
 * included, so a crashed run never leaves a stale lock. Who holds it is asked of the kernel
 * ({@code /proc/locks}), which also lets a run remove the file when it ends (a finished folder holds
 * only results): the file is removed while still locked, and a run that locked a file that was being
 * removed sees that its file is no longer the one at the name, and takes the new one. Where the kernel
 * does not say, the file stays (empty: two runs still leave byte-identical folders); a killed run
 * leaves it too, and the next run takes it over.
 *
 * <p>A JVM holds a folder once: locks are per process, and closing any channel on the file would
 * drop the process's lock, so a second request from the same JVM is refused before the file is
 * opened again.
 */
public final class FolderLock implements AutoCloseable {
  /** The lock file's name inside the folder; listings of an output folder skip it. */
  public static final String FILE = ".ttsvar.lock";
  /** Tries to lock a file that its previous holder removes meanwhile (each try sees the next file) before giving up. */
  private static final int ATTEMPTS = 10;
  private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

  private final Path folder;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  /** Whether the kernel confirmed that the file at the name is the one locked, so that close may remove it. */
  private final boolean removeOnClose;

  private FolderLock(Path folder, Path key, FileChannel channel, FileLock lock, boolean removeOnClose) {
    this.folder = folder;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.removeOnClose = removeOnClose;
  }

  /**
   * Takes {@code folder} for this process, creating it if needed.
   *
   * @param command what runs (e.g. {@code "ttsvar bench"}), for the message of a second request from
   *     this JVM; another process's command line is read from the kernel
   * @throws OutputFolderException when another process (or this one) holds the folder, naming it and
   *     how to go on; or when the folder or its lock file is not what they should be
   */
  public static FolderLock acquire(Path folder, String command) throws IOException {
    AtomicFiles.checkFolder(folder);
    Files.createDirectories(folder);
    Path key = folder.toRealPath();
    String mine = holderLine(command);
    String before = HELD_HERE.putIfAbsent(key, mine);
    if (before != null) {
      throw inUse(folder, before + " (this process)");
    }
    try {
      Path file = folder.resolve(FILE);
      for (int attempt = 1; ; attempt++) {
        FolderLock taken = tryOnce(folder, key, file);
        if (taken != null) {
          return taken;
        }
        if (attempt == ATTEMPTS) { // the file keeps vanishing under us: something else is removing it
          throw new OutputFolderException(file + " was removed " + ATTEMPTS + " times as it was being locked; is another program cleaning " + folder + "?");
        }
      }
    } catch (IOException | RuntimeException e) {
      HELD_HERE.remove(key, mine);
      throw e;
    }
  }

  /** Locks the file at {@code file}; null when the file locked was removed (by its previous holder) meanwhile. */
  private static FolderLock tryOnce(Path folder, Path key, Path file) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      // a FIFO would block the open; a link could lead anywhere
      throw new OutputFolderException(file + " is " + AtomicFiles.kind(file) + ", not ttsvar's lock file; remove it and run again");
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) { // held through another channel of this JVM
      ch.close();
      throw inUse(folder, "another task of this process");
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw inUse(folder, LockHolders.describe(file));
    }
    if (!LockHolders.available()) {
      return new FolderLock(folder, key, ch, lock, false);
    }
    if (LockHolders.heldBy(file, ProcessHandle.current().pid())) {
      return new FolderLock(folder, key, ch, lock, true);
    }
    lock.release(); // what we locked is no longer the file at the name
    ch.close();
    return null;
  }

  /** Whether {@code p} is a folder's lock file (which listings of an output folder's contents skip). */
  public static boolean isLockFile(Path p) {
    return p.getFileName() != null && p.getFileName().toString().equals(FILE);
  }

  public Path folder() {
    return folder;
  }

  @Override
  public void close() throws IOException {
    try {
      if (removeOnClose) {
        Files.deleteIfExists(folder.resolve(FILE)); // still locked: a run that opened it meanwhile sees it gone and takes a new one
      }
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } finally {
      HELD_HERE.remove(key);
    }
  }

  private static String holderLine(String command) {
    return "process " + ProcessHandle.current().pid() + " (" + command + ")";
  }

  private static OutputFolderException inUse(Path folder, String holder) {
    return new OutputFolderException(folder + " is in use by " + holder + "; two runs into one folder would make the same images twice. Wait for it to"
        + " finish or stop it, then run again (with --resume to complete its work), or choose another --out");
  }
}
