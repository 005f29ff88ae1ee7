package org.ttsvar.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars with an ETA on standard error, so that standard output stays machine-readable. */
public final class Progress {
  private Progress() {}

  /** A training run's bar, fed by the trainer's {@link org.ttsvar.models.train.TrainingProgress} calls. */
  static TrainingProgressBar training() {
    return new TrainingProgressBar(System.err);
  }

  public static ProgressBar bar(String task, long total) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .showSpeed()
        .build();
  }
}
