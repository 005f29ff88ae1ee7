package org.ttsvar.models.train;

/**
 * What a training run reports as it goes, for a caller to show (the command line draws a progress
 * bar). Calls come from the training thread: {@link #started}, then {@link #stepped} after every
 * step taken (skipped non-finite steps are not reported), then {@link #finished}, also when the
 * run fails.
 */
public interface TrainingProgress {
  /** Reports nothing. */
  TrainingProgress SILENT =
      new TrainingProgress() {
        @Override
        public void started(String name, long from, long total) {}

        @Override
        public void stepped(long done, float loss) {}

        @Override
        public void finished() {}
      };

  /** The run of model {@code name} starts, or resumes, at step {@code from} of {@code total}. */
  void started(String name, long from, long total);

  /** A step ended; {@code done} steps are done, the last one's loss was {@code loss}. */
  void stepped(long done, float loss);

  /** The loop ended. */
  void finished();
}
