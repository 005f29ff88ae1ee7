package org.ttsvar.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.DType;
import org.ttsvar.tensor.Params;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.io.AtomicFiles;

/**
 * A shipped model folder: {@code config.json} (the model's config record), {@code model.safetensors}
 * (F16 weights) and {@code MODEL_CARD.md}. The default models live in the repository's
 * {@code weights/} folder and are packaged on the classpath under {@code /org/ttsvar/weights/}.
 */
public final class ModelFiles {
  public static final String CONFIG = "config.json";
  public static final String WEIGHTS = "model.safetensors";
  public static final String CARD = "MODEL_CARD.md";
  public static final String CLASSPATH_ROOT = "/org/ttsvar/weights/";
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFiles() {}

  public static void save(Path dir, Object config, Params params, Map<String, String> metadata) throws IOException {
    save(dir, config, params.toHost(), metadata);
  }

  /** Writes a model folder from host tensors: {@code config} (a config record or its JSON tree) and F16 weights. */
  public static void save(Path dir, Object config, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.write(dir.resolve(CONFIG), MAPPER.writeValueAsBytes(config));
    SafeTensors.write(dir.resolve(WEIGHTS), tensors, metadata, DType.F16);
  }

  public static <T> T readConfig(Path dir, Class<T> type) throws IOException {
    Path f = dir.resolve(CONFIG);
    if (!Files.isDirectory(dir)) {
      throw new CorruptWeightsException(
          "no model folder at " + dir + " (not trained or not shipped yet): pass the folder of a trained model, or train one with"
              + " 'ttsvar train " + dir.getFileName() + " --export " + dir + "'");
    }
    if (!Files.isRegularFile(f)) {
      throw new CorruptWeightsException(f + ": model config not found (expected " + CONFIG + " beside " + WEIGHTS + ")");
    }
    try {
      return MAPPER.readValue(f.toFile(), type);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptWeightsException(f + ": invalid model config (" + e.getMessage() + ")");
    }
  }

  /**
   * A folder holding the named default model: {@code <ttsvar.weights>/NAME} when that system property
   * is set (the launcher sets it to the checkout's weights/ folder, so freshly trained weights are used
   * without rebuilding), else a copy of the packaged resources in a temporary folder.
   */
  public static Path defaultModelDir(String name) throws IOException {
    String override = System.getProperty("ttsvar.weights");
    if (override != null) {
      return Path.of(override).resolve(name);
    }
    Path tmp = Files.createTempDirectory("ttsvar-" + name);
    tmp.toFile().deleteOnExit();
    for (String file : new String[] {CONFIG, WEIGHTS, "sampling.json", "search.json", "calibration.json"}) {
      boolean optional = !file.equals(CONFIG) && !file.equals(WEIGHTS);
      try (InputStream in = ModelFiles.class.getResourceAsStream(CLASSPATH_ROOT + name + "/" + file)) {
        if (in == null && optional) {
          continue;
        }
        if (in == null) {
          throw new CorruptWeightsException(
              "the default " + name + " model is not on the classpath (" + CLASSPATH_ROOT + name + "/" + file + "); train it with 'ttsvar train " + name + "' or rebuild");
        }
        Path target = tmp.resolve(file);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
      }
    }
    return tmp;
  }
}
