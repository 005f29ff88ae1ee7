package org.ttsvar.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.DType;
import org.ttsvar.tensor.Params;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;
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
  /** Default models already copied out of the classpath in this JVM, by name. */
  private static final Map<String, Path> UNPACKED = new HashMap<>();

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

  /** What {@link #load} builds: a model whose named parameters the weights file fills. */
  public interface Loadable extends AutoCloseable {
    Params params();

    @Override
    void close();
  }

  /** Reads more of a model folder into a model whose weights are loaded (the reward's calibration). */
  @FunctionalInterface
  public interface Extra<M> {
    void read(M model, Path dir) throws IOException;
  }

  /**
   * Loads a model folder: reads {@code config.json} as {@code configType}, builds the model from it
   * and loads {@code model.safetensors} strictly (every parameter present with its shape, no extras).
   * The model is closed if any step fails.
   *
   * @throws CorruptWeightsException naming the folder or file and what is wrong with it
   */
  public static <C, M extends Loadable> M load(Path dir, Class<C> configType, Function<C, M> build) throws IOException {
    return load(dir, configType, build, (model, d) -> {});
  }

  /** {@link #load(Path, Class, Function)}, then {@code extra} reads the folder's optional files. */
  public static <C, M extends Loadable> M load(Path dir, Class<C> configType, Function<C, M> build, Extra<M> extra) throws IOException {
    C config = readConfig(dir, configType);
    Path weights = dir.resolve(WEIGHTS);
    if (!Files.isRegularFile(weights)) {
      throw new CorruptWeightsException(weights + ": model weights not found (expected " + WEIGHTS + " beside " + CONFIG + ")");
    }
    M model = build.apply(config);
    try {
      model.params().load(weights);
      extra.read(model, dir);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  public static <T> T readConfig(Path dir, Class<T> type) throws IOException {
    Path f = dir.resolve(CONFIG);
    if (!Files.isDirectory(dir)) {
      throw new MissingModelException(dir);
    }
    if (!Files.isRegularFile(f)) {
      throw new CorruptWeightsException(f + ": model config not found (expected " + CONFIG + " beside " + WEIGHTS + ")");
    }
    return readJson(f, type, "model config");
  }

  /** Reads a JSON file of a model folder; {@code what} names it in the error ("invalid model config"). */
  public static <T> T readJson(Path file, Class<T> type, String what) throws CorruptWeightsException {
    return readJson(MAPPER, file, type, what);
  }

  /** {@link #readJson(Path, Class, String)} with a mapper of the caller's (e.g. case-insensitive enums). */
  public static <T> T readJson(ObjectMapper mapper, Path file, Class<T> type, String what) throws CorruptWeightsException {
    T value;
    try {
      value = mapper.readValue(file.toFile(), type);
    } catch (IOException | RuntimeException e) {
      // a record's own check (bad input) says what is wrong in its words; the parser's text otherwise
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BadInputException b) {
          throw new CorruptWeightsException(file + ": invalid " + what + ": " + b.getMessage());
        }
      }
      throw new CorruptWeightsException(file + ": invalid " + what + " (" + e.getMessage() + ")");
    }
    if (value == null) {
      throw new CorruptWeightsException(file + ": invalid " + what + " (the file holds JSON null, not an object)");
    }
    return value;
  }

  /**
   * A folder holding the named default model: {@code <ttsvar.weights>/NAME} when that system property
   * is set (the launcher sets it to the checkout's weights/ folder, so freshly trained weights are used
   * without rebuilding), else a copy of the packaged resources in a temporary folder, made once per JVM.
   */
  public static Path defaultModelDir(String name) throws IOException {
    String override = System.getProperty("ttsvar.weights");
    if (override != null) {
      return Path.of(override).resolve(name);
    }
    synchronized (UNPACKED) {
      Path dir = UNPACKED.get(name);
      if (dir == null) {
        dir = unpack(name);
        UNPACKED.put(name, dir);
      }
      return dir;
    }
  }

  /** Copies the packaged files of a default model to a new temporary folder (deleted when the JVM exits). */
  private static Path unpack(String name) throws IOException {
    Path tmp = Files.createTempDirectory("ttsvar-" + name);
    tmp.toFile().deleteOnExit();
    for (String file : new String[] {CONFIG, WEIGHTS, "sampling.json", "search.json", "calibration.json"}) {
      boolean optional = !file.equals(CONFIG) && !file.equals(WEIGHTS);
      try (InputStream in = ModelFiles.class.getResourceAsStream(CLASSPATH_ROOT + name + "/" + file)) {
        if (in == null && optional) {
          continue;
        }
        if (in == null) {
          throw new MissingModelException(name, CLASSPATH_ROOT + name + "/" + file);
        }
        Path target = tmp.resolve(file);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        target.toFile().deleteOnExit();
      }
    }
    return tmp;
  }
}
