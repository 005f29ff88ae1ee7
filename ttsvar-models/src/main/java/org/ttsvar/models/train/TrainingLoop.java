package org.ttsvar.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ttsvar.tensor.AdamW;
import org.ttsvar.tensor.GradClip;
import org.ttsvar.tensor.Params;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.FolderLock;

/**
 * The training loop shared by every model: AdamW with warm-up and cosine decay, global-norm
 * clipping, periodic checkpoints (parameters + optimizer state) in a {@link RunFolder}, a JSON-lines
 * log, progress reported to a {@link TrainingProgress}, and exact resume. A step whose loss or gradient is not finite is
 * skipped (and logged); many in a row abort the run.
 */
public final class TrainingLoop {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_BAD_STEPS = 20;

  /** One training step: compute the loss for {@code step}'s batch and return it with named metrics (floats read from the graph). */
  @FunctionalInterface
  public interface Step {
    Loss run(long step);
  }

  /** A step's scalar loss (to backpropagate) and the metrics to log, each a scalar array. */
  public record Loss(NDArray total, Map<String, NDArray> metrics) {}

  private TrainingLoop() {}

  /**
   * Trains {@code params} in {@code run}. A new run writes {@code run.json} from {@code description};
   * with {@code resume} an existing run continues from its newest checkpoint, after checking that
   * its description is the same (apart from the number of steps, which may be raised). A new run
   * with a {@link WarmStart} starts from those weights at that step (recorded in {@code run.json}).
   */
  public static void train(String name, Params params, TrainSettings settings, ObjectNode description, RunRequest request, Step step, PrintStream err)
      throws IOException {
    org.ttsvar.tensor.Engines.inferenceMode();
    org.ttsvar.tensor.Engines.requireReliableGradients();
    RunFolder run = new RunFolder(request.dir());
    ObjectNode desc = description.deepCopy();
    desc.set("settings", MAPPER.valueToTree(settings));
    WarmStart warm = request.warmStart();
    long start = 0;
    // one process trains a run at a time: two would write the same checkpoints
    try (FolderLock lock = FolderLock.acquire(run.root(), "ttsvar train " + name);
        AdamW opt = new AdamW(params, 0.9, 0.99, 1e-8, settings.weightDecay(), TrainingLoop::decays)) {
      if (run.exists()) {
        if (!request.resume()) {
          throw new BadInputException(run.root() + " already holds a training run; resume it, or choose another run folder");
        }
        JsonNode old = MAPPER.readTree(run.runFile().toFile());
        // A resumed run keeps the warm start it was created with, whether or not the request repeats it.
        warm = old.has("warm_start") ? new WarmStart(Path.of(old.get("warm_start").get("weights").asText()), old.get("warm_start").get("step").asLong()) : null;
        if (warm != null) {
          desc.set("warm_start", old.get("warm_start"));
        } else {
          desc.remove("warm_start");
        }
        ObjectNode a = (ObjectNode) old.deepCopy();
        ObjectNode b = desc.deepCopy();
        // the number of steps may be raised, and how often to save changes no weight
        ((ObjectNode) a.get("settings")).remove(java.util.List.of("steps", "checkpoint_every"));
        ((ObjectNode) b.get("settings")).remove(java.util.List.of("steps", "checkpoint_every"));
        if (!a.toString().equals(b.toString())) {
          throw new BadInputException(
              "cannot resume " + run.root() + ": it was started with " + a + ", now " + b + "; use the same configuration or another run folder");
        }
        Optional<Path> ckpt = run.latestCheckpoint();
        if (ckpt.isPresent()) {
          params.load(ckpt.get().resolve("params.safetensors"));
          opt.loadState(SafeTensors.readAll(ckpt.get().resolve("optimizer.safetensors")), ckpt.get().toString());
          start = RunFolder.stepOf(ckpt.get());
          err.println(name + ": resuming " + run.root() + " from step " + start);
        } else if (warm != null) {
          start = warmStart(params, warm, name, err);
        }
        run.cutLogAfter(start); // the steps after the checkpoint are trained, and logged, again
      } else {
        Files.createDirectories(run.root());
        if (warm != null) {
          if (warm.step() >= settings.steps()) {
            throw new BadInputException(
                "the warm-start weights " + warm.weights() + " are already at step " + warm.step() + "; set steps above it to train further");
          }
          ObjectNode w = desc.putObject("warm_start");
          w.put("weights", warm.weights().toString());
          w.put("step", warm.step());
          start = warmStart(params, warm, name, err);
        }
      }
      AtomicFiles.write(run.runFile(), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(desc));
      params.requireGradients(true);
      loop(name, params, opt, settings, run, start, warm, step, request.progress());
      params.requireGradients(false);
    }
  }

  private static long warmStart(Params params, WarmStart warm, String name, PrintStream err) throws IOException {
    java.util.List<String> added = params.loadGrowing(warm.weights());
    err.println(name + ": warm start from " + warm.weights() + " at step " + warm.step() + " (fresh optimizer state, learning rate re-warmed over " + WarmStart.REWARM_STEPS + " steps)");
    if (!added.isEmpty()) {
      err.println(name + ": parameters new in this model, kept at their initialisation: " + String.join(", ", added));
    }
    return warm.step();
  }

  private static void loop(
      String name, Params params, AdamW opt, TrainSettings s, RunFolder run, long start, WarmStart warm, Step step, TrainingProgress progress)
      throws IOException {
    Map<String, Double> sums = new LinkedHashMap<>();
    int bad = 0;
    long windowStart = System.nanoTime();
    long windowSteps = 0;
    progress.started(name, start, s.steps());
    try {
      for (long t = start; t < s.steps(); t++) {
        double lr = s.lrAt(t) * (warm == null ? 1.0 : warm.lrFactor(t));
        double norm;
        Map<String, Float> metrics = new LinkedHashMap<>();
        float loss;
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Loss l = step.run(t);
            gc.backward(l.total());
            loss = l.total().getFloat();
            l.metrics().forEach((k, v) -> metrics.put(k, v.getFloat()));
          }
          org.ttsvar.tensor.Engines.inferenceMode();
          norm = GradClip.clipGlobalNorm(params.all().values(), s.clipNorm());
        }
        if (!Float.isFinite(loss) || !Double.isFinite(norm)) {
          opt.zeroGradients();
          bad++;
          run.appendLog("{\"step\": " + t + ", \"skipped\": \"non-finite loss or gradient\"}");
          if (bad > MAX_BAD_STEPS) {
            throw new IllegalStateException(name + ": " + bad + " non-finite steps in a row at step " + t + "; lower the learning rate or restart from an earlier checkpoint");
          }
          continue;
        }
        bad = 0;
        opt.update(lr);
        sums.merge("loss", (double) loss, Double::sum);
        sums.merge("grad_norm", norm, Double::sum);
        metrics.forEach((k, v) -> sums.merge(k, (double) v, Double::sum));
        windowSteps++;
        long done = t + 1;
        progress.stepped(done, loss);
        // a checkpoint is also a log point: a resume starts there, so its log lines average the same steps as one run's
        if (done % s.logEvery() == 0 || done % s.checkpointEvery() == 0 || done == s.steps()) {
          double secs = (System.nanoTime() - windowStart) / 1e9;
          ObjectNode line = MAPPER.createObjectNode();
          line.put("step", done);
          line.put("lr", lr);
          for (Map.Entry<String, Double> e : sums.entrySet()) {
            line.put(e.getKey(), e.getValue() / windowSteps);
          }
          line.put("samples_per_s", windowSteps * s.batchSize() / secs);
          run.appendLog(line.toString());
          sums.clear();
          windowSteps = 0;
          windowStart = System.nanoTime();
        }
        if (done % s.checkpointEvery() == 0 || done == s.steps()) {
          save(params, opt, run, done);
        }
      }
    } finally {
      progress.finished();
    }
  }

  private static void save(Params params, AdamW opt, RunFolder run, long step) throws IOException {
    Path dir = run.checkpointDir(step);
    Files.createDirectories(dir);
    params.save(dir.resolve("params.safetensors"), Map.of("step", Long.toString(step)));
    SafeTensors.write(dir.resolve("optimizer.safetensors"), opt.state(), Map.of("step", Long.toString(step)));
    run.commitCheckpoint(dir);
  }

  /** Weight decay on matrices and kernels; none on norms, biases, embeddings and gains. */
  static boolean decays(String name) {
    return name.endsWith(".weight") && !name.contains("norm") && !name.contains("embed");
  }
}
