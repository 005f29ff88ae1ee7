package org.ttsvar.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/** What a job does for one prompt on an executor; the driver ships it to the tasks, so it carries only data. */
interface PromptWork extends Serializable {
  /**
   * Runs prompt {@code position} into the empty local folder {@code dir}, calling {@code afterUnit} after
   * each piece of it (a configuration, an image).
   */
  void run(int position, Path dir, Runnable afterUnit) throws IOException;
}
