package org.ttsvar.world.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which process holds a POSIX lock on a file, from Linux's {@code /proc/locks} (one line per lock:
 * {@code 1: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END}), so that a refusal can name it. Where
 * the kernel does not say (another OS, an unusual file system), the holder is "another process".
 */
final class LockHolders {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");
  private static final String MAIN = "org.ttsvar.cli.Main";

  private LockHolders() {}

  /** Whether the kernel lists its locks here (Linux): then {@link #holder} is the truth about a file. */
  static boolean available() {
    return Files.isReadable(PROC_LOCKS);
  }

  /** "process PID (ttsvar bench …)", or "another process" when the kernel does not say. */
  static String describe(Path lockFile) {
    return holder(lockFile).map(pid -> "process " + pid + command(pid)).orElse("another process");
  }

  /** The process holding a lock on the file now at {@code lockFile}'s name, if the kernel says. */
  static Optional<Long> holder(Path lockFile) {
    List<long[]> locks = locksOn(lockFile);
    for (long[] l : locks) {
      if (l[1] == 1) {
        return Optional.of(l[0]);
      }
    }
    // overlay file systems may report another device: then the inode alone
    return locks.isEmpty() ? Optional.empty() : Optional.of(locks.get(0)[0]);
  }

  /** Whether process {@code pid} holds a lock on the file now at {@code lockFile}'s name (false when it is gone). */
  static boolean heldBy(Path lockFile, long pid) {
    return locksOn(lockFile).stream().anyMatch(l -> l[0] == pid);
  }

  /** The POSIX locks on the file at the name: {pid, 1 if the device matches too, else 0}. */
  private static List<long[]> locksOn(Path lockFile) {
    List<long[]> found = new java.util.ArrayList<>();
    try {
      long inode = ((Number) Files.getAttribute(lockFile, "unix:ino")).longValue();
      long dev = ((Number) Files.getAttribute(lockFile, "unix:dev")).longValue();
      String device = String.format("%02x:%02x", major(dev), minor(dev));
      for (String line : Files.readAllLines(PROC_LOCKS)) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 8 || !f[1].equals("POSIX")) { // "->" lines (f[1]) wait for a lock, they hold none
          continue;
        }
        String[] id = f[5].split(":");
        if (id.length == 3 && id[2].equals(Long.toString(inode))) {
          found.add(new long[] {Long.parseLong(f[4]), (id[0] + ":" + id[1]).equals(device) ? 1 : 0});
        }
      }
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      // no such file, or no /proc/locks: nothing known
    }
    return found;
  }

  /** " (ttsvar ARGS…)" for ttsvar's command line, " (NAME)" for another program, "" when unknown. */
  private static String command(long pid) {
    List<String> a = arguments(pid);
    int main = a.indexOf(MAIN);
    if (main >= 0) {
      return " (" + org.ttsvar.world.Messages.quote("ttsvar " + String.join(" ", a.subList(main + 1, a.size())), 160) + ")";
    }
    if (!a.isEmpty()) {
      return " (" + org.ttsvar.world.Messages.quote(Path.of(a.get(0)).getFileName().toString(), 60) + ")";
    }
    return "";
  }

  /**
   * A process's command line: {@code /proc/PID/cmdline} (NUL-separated), which the JDK's
   * {@link ProcessHandle.Info#arguments} does not give for a long one (a JVM's class path).
   */
  private static List<String> arguments(long pid) {
    try {
      String all = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), java.nio.charset.StandardCharsets.UTF_8);
      if (!all.isEmpty()) {
        return List.of(all.split("\0"));
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process is gone: ask the JDK
    }
    Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
    List<String> a = new java.util.ArrayList<>();
    info.flatMap(ProcessHandle.Info::command).ifPresent(a::add);
    info.flatMap(ProcessHandle.Info::arguments).ifPresent(args -> a.addAll(List.of(args)));
    return a;
  }

  /** Linux's encoding of a device number (glibc's gnu_dev_major / gnu_dev_minor). */
  private static long major(long dev) {
    return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
  }

  private static long minor(long dev) {
    return (dev & 0xff) | ((dev >>> 12) & ~0xffL);
  }
}
