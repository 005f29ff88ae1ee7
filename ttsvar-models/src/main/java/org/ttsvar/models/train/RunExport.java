package org.ttsvar.models.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.world.BadInputException;

/**
 * Exports a checkpoint of a training run as a model folder ({@code config.json} + F16 {@code
 * model.safetensors}, the shipped format) without building the model, so it can run beside the
 * training process: for evaluating intermediate checkpoints and for committing snapshots that
 * another machine continues with {@link WarmStart}.
 */
public final class RunExport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RunExport() {}

  /** Exports the checkpoint at {@code step} (the newest complete one when null); returns the step exported. */
  public static long export(Path runDir, Long step, Path out) throws IOException {
    RunFolder run = new RunFolder(runDir);
    if (!run.exists()) {
      throw new BadInputException(runDir + " is not a training run (no " + RunFolder.RUN + "); pass the folder a training run was written to");
    }
    Path ckpt;
    if (step == null) {
      Optional<Path> latest = run.latestCheckpoint();
      if (latest.isEmpty()) {
        throw new BadInputException(runDir + " has no complete checkpoint yet; wait for the first one (every checkpoint_every steps)");
      }
      ckpt = latest.get();
    } else {
      ckpt = run.checkpointDir(step);
      if (!RunFolder.isComplete(ckpt)) {
        throw new BadInputException(runDir + " has no complete checkpoint at step " + step + " (only the two newest are kept)");
      }
    }
    long at = RunFolder.stepOf(ckpt);
    JsonNode desc = MAPPER.readTree(run.runFile().toFile());
    String model = desc.path("model").asText("model");
    JsonNode config = desc.get("config");
    if (config == null) {
      throw new BadInputException(run.runFile() + " records no model config");
    }
    if (model.equals("reward") && config.has("kind")) {
      model = "reward-" + config.get("kind").asText();
    }
    String seed = desc.path("settings").path("seed").asText("");
    ModelFiles.save(out, config, SafeTensors.readAll(ckpt.resolve("params.safetensors")), Map.of("model", model, "steps", Long.toString(at), "seed", seed));
    return at;
  }
}
