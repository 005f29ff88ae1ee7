package org.ttsvar.spark;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.apache.hadoop.fs.FileUtil;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.ttsvar.cli.Progress;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.io.OutputFolderException;

/**
 * The driver's side of a job: the Spark context, the output folder OUT on its Hadoop file system, a
 * local staging folder, and one run of a {@link PromptWork} over the prompts that have no published
 * part yet (one task per prompt), with progress on standard error.
 */
final class PromptJob implements AutoCloseable {
  /** Checks that an earlier job's description, downloaded into a local folder, is this job's. */
  interface ResumeCheck {
    void check(Path previous) throws IOException;
  }

  private final JavaSparkContext spark;
  private final HadoopFolder out;
  private final PartFolders parts;
  private final Path staging;

  private PromptJob(JavaSparkContext spark, HadoopFolder out, Path staging) {
    this.spark = spark;
    this.out = out;
    this.parts = new PartFolders(out);
    this.staging = staging;
  }

  /** Starts Spark (master and settings from spark-submit, or -Dspark.* properties) for output folder {@code outUri}. */
  static PromptJob start(String name, String outUri) throws IOException {
    SparkConf conf = new SparkConf().setAppName(name);
    if (!conf.contains("spark.master")) {
      throw new BadInputException("no Spark master: run the job with spark-submit (--master …), or give -Dspark.master=local[2]");
    }
    JavaSparkContext spark = new JavaSparkContext(conf);
    try {
      return new PromptJob(spark, HadoopFolder.open(outUri, spark.hadoopConfiguration()), Files.createTempDirectory("ttsvar-driver-"));
    } catch (IOException | RuntimeException e) {
      spark.stop();
      throw e;
    }
  }

  HadoopFolder out() {
    return out;
  }

  HadoopFolder parts() {
    return parts.folder();
  }

  /** The driver's local scratch folder, removed when the job closes. */
  Path staging() {
    return staging;
  }

  /**
   * Claims OUT for this job: an empty OUT gets the job's description (the local file {@code description},
   * kept as {@code parts/NAME}); with {@code resume}, an OUT that holds one must hold this job's, which
   * {@code check} decides on a local copy. Anything else in OUT is refused.
   */
  void claim(Path description, boolean resume, ResumeCheck check) throws IOException {
    String name = description.getFileName().toString();
    if (parts.folder().exists(name)) {
      if (!resume) {
        throw new OutputFolderException(out.uri() + " already holds this job; pass --resume to complete it, or choose an empty --out");
      }
      Path previous = Files.createDirectories(staging.resolve("previous"));
      parts.folder().download(name, previous.resolve(name));
      check.check(previous);
      return;
    }
    if (!out.isEmpty()) {
      throw new OutputFolderException(out.uri() + " is not empty and holds no job of ttsvar-spark (no " + PartFolders.PARTS + "/" + name + "); choose an empty --out");
    }
    parts.folder().upload(description, name);
  }

  /**
   * Runs {@code work} on every prompt {@code 0..count-1} that has no published part yet, and returns each
   * prompt's published part (relative to {@link #parts}).
   */
  List<String> run(PromptWork work, int count, String task, PrintWriter err) throws IOException {
    List<Integer> todo = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      if (parts.published(p).isEmpty()) {
        todo.add(p);
      }
    }
    long done = count - todo.size();
    if (done > 0) {
      err.println(task + ": " + done + " of " + count + " prompts already done in " + parts.folder().uri() + "; running the other " + todo.size());
      err.flush();
    }
    if (!todo.isEmpty()) {
      try (ProgressBar bar = Progress.bar(task, count)) {
        bar.stepTo(done);
        TaskProgress progress = new TaskProgress(bar, todo, done, err);
        spark.sc().addSparkListener(progress);
        try {
          spark.parallelize(todo, todo.size()).foreachPartition(new PromptTask(work, out.uri(), HadoopFolder.toBytes(spark.hadoopConfiguration()), spark.sc().applicationId()));
        } catch (Exception e) {
          if (e instanceof SparkException) {
            throw new IOException("the Spark job failed: " + e.getMessage().lines().findFirst().orElse("") + "; the prompts it finished are kept in "
                + parts.folder().uri() + ": rerun the same command with --resume", e);
          }
          throw e;
        } finally {
          spark.sc().removeSparkListener(progress);
        }
        bar.stepTo(count);
      }
    }
    List<String> published = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      final int position = p;
      published.add(parts.published(p).orElseThrow(() -> new IllegalStateException("prompt " + position + " has no published part after a successful job")));
    }
    return published;
  }

  /** Replaces what OUT holds beside {@code parts/} by the entries of the local folder {@code merged}. */
  void publishMerged(Path merged) throws IOException {
    try (var entries = Files.list(merged)) {
      for (Path entry : entries.sorted().toList()) {
        String name = entry.getFileName().toString();
        out.delete(name);
        out.upload(entry, name);
      }
    }
  }

  @Override
  public void close() {
    try {
      spark.stop();
    } finally {
      FileUtil.fullyDelete(new File(staging.toString()));
    }
  }
}
