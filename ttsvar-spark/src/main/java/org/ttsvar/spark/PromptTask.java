package org.ttsvar.spark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.VoidFunction;

/**
 * What a Spark task runs on an executor: each of its prompts into a fresh local folder, then published
 * to {@code OUT/parts} under this attempt's name ({@link PartFolders}). The attempt's name joins the
 * application id and Spark's task attempt id, unique across the attempts of a job and across resumed jobs.
 */
final class PromptTask implements VoidFunction<Iterator<Integer>> {
  private static final long serialVersionUID = 1L;

  private final PromptWork work;
  private final String out;
  private final byte[] hadoopConf;
  private final String applicationId;

  PromptTask(PromptWork work, String out, byte[] hadoopConf, String applicationId) {
    this.work = work;
    this.out = out;
    this.hadoopConf = hadoopConf.clone();
    this.applicationId = applicationId;
  }

  @Override
  public void call(Iterator<Integer> positions) throws Exception {
    PartFolders parts = new PartFolders(HadoopFolder.open(out, HadoopFolder.fromBytes(hadoopConf)));
    String attempt = applicationId + "-" + TaskContext.get().taskAttemptId();
    while (positions.hasNext()) {
      int position = positions.next();
      // the executor's scratch space for this application (Spark removes it when the application ends)
      Path local = Files.createTempDirectory(Path.of(SparkFiles.getRootDirectory()), "ttsvar-prompt-");
      try {
        Path dir = local.resolve("part");
        work.run(position, dir, () -> FailureInjection.at(position, FailureInjection.Point.MID_PROMPT));
        TaskContext task = TaskContext.get();
        task.killTaskIfInterrupted(); // a killed attempt's folder may be incomplete: publish nothing
        parts.publish(position, attempt, dir, task::killTaskIfInterrupted);
        FailureInjection.at(position, FailureInjection.Point.PUBLISHED);
      } finally {
        FileUtil.fullyDelete(new File(local.toString()));
      }
    }
  }
}
