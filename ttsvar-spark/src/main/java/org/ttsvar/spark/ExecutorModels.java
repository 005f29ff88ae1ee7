package org.ttsvar.spark;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.ttsvar.cli.LoadedModels;
import org.ttsvar.cli.ModelOptions;

/**
 * The models of an executor JVM, loaded once and kept for its life. A task borrows a set and gives it
 * back; a set is loaded only when every loaded one is in use, so an executor holds as many sets as it
 * runs tasks at once (one per core given to tasks: the searches keep state in the models and are not
 * shared between threads), however many tasks it runs.
 */
final class ExecutorModels {
  private static final Map<List<String>, Deque<LoadedModels>> IDLE = new HashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  private ExecutorModels() {}

  /** A set of the models {@code modelArgs} (ModelOptions' arguments) name, for this task alone until {@link #giveBack}. */
  static LoadedModels borrow(List<String> modelArgs) throws IOException {
    synchronized (IDLE) {
      Deque<LoadedModels> idle = IDLE.get(modelArgs);
      if (idle != null && !idle.isEmpty()) {
        return idle.pop();
      }
    }
    useBundledEngine();
    LOADS.incrementAndGet();
    return LoadedModels.load(ModelOptions.parse(modelArgs)); // outside the lock: other tasks keep borrowing meanwhile
  }

  /**
   * DJL must not look for PyTorch's native library on the network: the job jar carries it, as the
   * launcher's classpath does. Unless the user's settings say otherwise (spark.executor.extraJavaOptions).
   */
  static void useBundledEngine() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }

  static void giveBack(List<String> modelArgs, LoadedModels models) {
    synchronized (IDLE) {
      IDLE.computeIfAbsent(List.copyOf(modelArgs), k -> new ArrayDeque<>()).push(models);
    }
  }

  /** How many sets this JVM has loaded so far. */
  static int loads() {
    return LOADS.get();
  }
}
