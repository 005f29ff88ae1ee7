package org.ttsvar.verifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.GenEvalLayout.PromptFolder;
import org.ttsvar.world.io.ImageFiles;

/**
 * Evaluates a GenEval-layout folder: every image of every prompt is read, detected and judged, in
 * parallel over images; results come back in folder order (prompt, then image), whatever the number
 * of threads.
 *
 * <p>Bad input fails the whole evaluation with an {@link EvaluationInputException} listing every
 * problem: a missing folder, missing or malformed metadata, missing images, and images that cannot
 * be read (empty, truncated, not an image). A corrupt image is not counted as a failed image: it is a
 * broken file, not a wrong picture, and a score over a silently reduced set would not be comparable
 * with other runs. Nothing is written by this class; {@link ResultsFile} writes the results, and
 * only after a successful evaluation.
 */
public final class FolderEvaluator {
  private final Supplier<Detector> detector;
  private final int threads;

  public FolderEvaluator(Detector detector, int threads) {
    this(() -> detector, threads);
  }

  private FolderEvaluator(Supplier<Detector> detector, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
    }
    this.detector = detector;
    this.threads = threads;
  }

  /**
   * The standard detector on {@code threads} threads. The detector is trained (about a second) only
   * once a folder has passed its checks, so that bad input is reported at once.
   */
  public static FolderEvaluator standard(int threads) {
    return new FolderEvaluator(Detector::standard, threads);
  }

  /** The standard detector on every available core. */
  public static FolderEvaluator standard() {
    return standard(Runtime.getRuntime().availableProcessors());
  }

  /** The outcome: per-image results in folder order and their summary. */
  public record Evaluation(Path root, List<ImageResult> results, Summary summary) {}

  /** Hears how far an evaluation is; called from worker threads. */
  public interface Listener {
    /** The folder checked out and holds this many images. */
    default void started(int images) {}

    /** One more image is done. */
    default void imageDone() {}
  }

  public Evaluation evaluate(Path root) throws IOException, InterruptedException {
    return evaluate(root, new Listener() {});
  }

  /**
   * Evaluates {@code root}.
   *
   * @throws EvaluationInputException when the folder is not a complete, readable image set
   */
  public Evaluation evaluate(Path root, Listener listener) throws IOException, InterruptedException {
    List<PromptFolder> folders = EvaluationInput.read(root);
    Detector d = detector.get();
    listener.started(folders.stream().mapToInt(f -> f.samples().size()).sum());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "ttsvar-eval");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (PromptFolder folder : folders) {
        for (Path sample : folder.samples()) {
          futures.add(
              pool.submit(
                  () -> {
                    Outcome o = judge(d, root, folder.spec(), sample);
                    listener.imageDone();
                    return o;
                  }));
        }
      }
      List<ImageResult> results = new ArrayList<>();
      List<String> unreadable = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        Outcome o = f.get();
        if (o.error() != null) {
          unreadable.add(o.error());
        } else {
          results.add(o.result());
        }
      }
      if (!unreadable.isEmpty()) {
        throw new EvaluationInputException(EvaluationInput.describe(root, unreadable));
      }
      return new Evaluation(root, List.copyOf(results), Summary.of(results));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("evaluation failed: " + cause, cause);
    } finally {
      pool.shutdownNow();
    }
  }

  private record Outcome(ImageResult result, String error) {}

  private static Outcome judge(Detector detector, Path root, PromptSpec spec, Path sample) {
    RgbImage image;
    try {
      image = ImageFiles.readPng(sample);
    } catch (IOException e) {
      return new Outcome(null, e.getMessage());
    }
    List<Detection> detections = detector.detect(image);
    String name = root.relativize(sample).toString().replace('\\', '/');
    return new Outcome(new ImageResult(name, spec, GenEvalRules.evaluate(spec, detections), detections), null);
  }
}
