package org.ttsvar.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.verifier.FolderEvaluator;
import org.ttsvar.verifier.ResultsFile;
import org.ttsvar.verifier.Summary;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Score a GenEval-layout image folder with MiniGenEval: a classical detector (class, colour, box, confidence) and GenEval's rules.",
      "Prints per-task accuracy, the overall score (unweighted mean of the tasks present) and image counts, and writes DIR/results.jsonl (one JSON object per image, with the reason an image failed).",
      "The folder must be complete. Missing or malformed metadata, missing images and unreadable images (empty, truncated, not PNG) stop the evaluation with exit status 2 and a list of every problem; no results file is written then."
    })
final class EvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Image folder in GenEval's layout (DIR/00000/metadata.jsonl, DIR/00000/samples/0000.png).")
  Path dir;

  @Option(names = "--json", description = "End standard output with one JSON line: {\"overall\": x, \"tasks\": {…}, \"images\": n}.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N", description = "Images evaluated in parallel (default: the number of cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw new BadInputException("--threads must be ≥ 1, got " + n);
    }
    FolderEvaluator evaluator = FolderEvaluator.standard(n);
    long start = System.nanoTime();
    FolderEvaluator.Evaluation evaluation;
    // The bar starts once the folder has checked out, so that a bad folder prints only its problems.
    ProgressBar[] bar = new ProgressBar[1];
    try {
      evaluation =
          evaluator.evaluate(
              dir,
              new FolderEvaluator.Listener() {
                @Override
                public void started(int images) {
                  bar[0] = Progress.bar("eval", images);
                }

                @Override
                public void imageDone() {
                  bar[0].step();
                }
              });
    } finally {
      if (bar[0] != null) {
        bar[0].close();
      }
    }
    Path results = ResultsFile.write(dir, evaluation.results());
    double seconds = (System.nanoTime() - start) / 1e9;
    print(spec.commandLine().getOut(), evaluation.summary());
    spec.commandLine().getErr().printf("evaluated %d images in %.1f s; per-image results in %s%n", evaluation.summary().images(), seconds, results);
    if (json) {
      spec.commandLine().getOut().println(evaluation.summary().toJsonLine());
    }
    return Main.OK;
  }

  /** GenEval's summary layout: task breakdown, then the overall score. */
  static void print(PrintWriter out, Summary s) {
    out.printf("%-16s %8s %8s %9s%n", "task", "images", "correct", "accuracy");
    for (Map.Entry<Task, Summary.TaskScore> e : s.tasks().entrySet()) {
      Summary.TaskScore t = e.getValue();
      out.printf("%-16s %8d %8d %8.2f%%%n", e.getKey().tag(), t.images(), t.correct(), 100 * t.accuracy());
    }
    out.printf("%-16s %8d %8s %9.5f%n", "overall", s.images(), "", s.overall());
    out.printf("prompts: %d, with at least one correct image: %d%n", s.prompts(), s.promptsWithACorrectImage());
    out.flush();
  }
}
