package org.ttsvar.spark;

import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ProgressBar;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;

/**
 * The driver's progress bar (prompts done / total, with an ETA, as {@code ttsvar bench} draws it), moved
 * by Spark's task-end events; a failed attempt is reported with its prompt, since Spark runs it again.
 */
final class TaskProgress extends SparkListener {
  private final ProgressBar bar;
  private final List<Integer> positions;
  private final long doneBefore;
  private final PrintWriter err;
  private final Set<Integer> finished = ConcurrentHashMap.newKeySet();

  /** @param positions the prompt of each task, by task index */
  TaskProgress(ProgressBar bar, List<Integer> positions, long doneBefore, PrintWriter err) {
    this.bar = bar;
    this.positions = List.copyOf(positions);
    this.doneBefore = doneBefore;
    this.err = err;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    TaskInfo task = end.taskInfo();
    if (task.successful()) {
      if (finished.add(task.index())) { // a speculative copy's success counts once
        bar.stepTo(doneBefore + finished.size());
      }
    } else if (task.failed()) {
      String why = end.reason() instanceof ExceptionFailure f ? f.className() + ": " + f.description() : end.reason().toString();
      synchronized (err) {
        err.println("prompt " + positions.get(task.index()) + ": task attempt " + task.attemptNumber() + " failed (" + why + "); Spark runs it again up to spark.task.maxFailures");
        err.flush();
      }
    }
  }
}
