package org.ttsvar.cli;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Ties a worker process to the process that started it ({@code bench --workers}): when that process
 * is gone, the worker stops at once. A parent stopped by SIGTERM or Ctrl-C stops its workers itself
 * (a shutdown hook); one killed with SIGKILL cannot, and its workers would run on beside the
 * {@code --resume} that follows and make every prompt twice. What a worker has recorded stays (one
 * line per finished prompt), so the resume loses at most the prompt in flight.
 */
final class ParentWatch {
  /** The system property by which {@link BenchWorkers} tells a worker its parent's process id. */
  static final String PROPERTY = "ttsvar.bench.parentPid";
  private static final long POLL_MILLIS = 250;

  private ParentWatch() {}

  /** When this process was started as a worker, watches its parent from a daemon thread; otherwise does nothing. */
  static void startIfWorker(PrintWriter err) {
    String pid = System.getProperty(PROPERTY);
    if (pid == null) {
      return;
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(pid));
    Thread t = new Thread(() -> {
      // a handle remembers its process's start time: a recycled pid does not pass for the parent
      while (parent.map(ProcessHandle::isAlive).orElse(false)) {
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
      err.println("bench worker: the process that started it (pid " + pid + ") has ended; stopping. Its finished prompts are kept: rerun the"
          + " same command with --resume");
      err.flush();
      Runtime.getRuntime().halt(Main.FAILURE); // at once: shutdown hooks would only let it write on
    }, "parent-watch");
    t.setDaemon(true);
    t.start();
  }
}
