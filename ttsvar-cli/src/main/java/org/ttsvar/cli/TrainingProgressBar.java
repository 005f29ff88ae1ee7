package org.ttsvar.cli;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.ttsvar.models.train.TrainingProgress;

/** A training run's progress as a bar with ETA and the last loss ("train var 12% … loss 0.6931"). */
final class TrainingProgressBar implements TrainingProgress {
  private final PrintStream out;
  private ProgressBar bar;

  TrainingProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void started(String name, long from, long total) {
    bar =
        new ProgressBarBuilder()
            .setTaskName("train " + name)
            .setInitialMax(total)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(1000)
            .setConsumer(new ConsoleProgressBarConsumer(out))
            .startsFrom(from, Duration.ZERO)
            .build();
  }

  @Override
  public void stepped(long done, float loss) {
    bar.step();
    bar.setExtraMessage(String.format(" loss %.4f", loss));
  }

  @Override
  public void finished() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
