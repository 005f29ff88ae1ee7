package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A model's parameters by hierarchical name ({@code blocks.0.attn.qkv.weight}), in creation order,
 * owned by one manager. Model classes take their tensors from here, so saving, loading, counting,
 * clipping and optimizing all work on one map, and weight files use the same names as the code.
 * Initial values are drawn on the host from a seeded stream, so the same seed gives the same model
 * on every machine.
 */
public final class Params implements ParamSource, AutoCloseable {
  private final NDManager manager;
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final SplittableRandom rng;
  private NDManager owner; // closed with these parameters when they were made in a manager of their own


  public Params(NDManager parent, long seed) {
    this.manager = parent.newSubManager();
    this.rng = new SplittableRandom(seed);
  }

  /**
   * Makes {@link #close} also close {@code owner}, the manager these parameters were created under:
   * for a model built in a base manager made just for it (a trainer's), which nothing else closes.
   */
  public void closeAlso(NDManager owner) {
    this.owner = owner;
  }

  public NDManager manager() {
    return manager;
  }

  /** Creates a parameter; the name must be new. */
  @Override
  public NDArray create(String name, Init init, long... shape) {
    if (arrays.containsKey(name)) {
      throw new IllegalArgumentException("parameter '" + name + "' defined twice");
    }
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] values = init.values(Math.toIntExact(n), shape, rng);
    NDArray a = manager.create(values, new Shape(shape));
    arrays.put(name, a);
    return a;
  }

  public NDArray get(String name) {
    NDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter '" + name + "'");
    }
    return a;
  }

  public Map<String, NDArray> all() {
    return Collections.unmodifiableMap(arrays);
  }

  /** Total number of scalar parameters. */
  public long count() {
    return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  public void requireGradients(boolean on) {
    for (NDArray a : arrays.values()) {
      a.setRequiresGradient(on);
    }
  }

  public Map<String, TensorData> toHost() {
    Map<String, TensorData> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, new TensorData(v.getShape().getShape(), v.toFloatArray())));
    return out;
  }

  /**
   * Replaces every parameter's values with those of {@code data}.
   *
   * @param source names the origin in error messages
   * @throws CorruptWeightsException if a parameter is missing, has the wrong shape, or there are extras
   */
  public void load(Map<String, TensorData> data, String source) throws CorruptWeightsException {
    List<String> missing = loadPresent(data, source);
    if (!missing.isEmpty()) {
      throw new CorruptWeightsException(source + ": missing parameter '" + missing.get(0) + "' (weights and config do not match)");
    }
  }

  /**
   * Like {@link #load(Map, String)}, but parameters absent from {@code data} keep their
   * initialisation: a warm start into a model that adds a component (initialised so that it changes
   * nothing at first) to the snapshot's.
   *
   * @return the names of the parameters not in {@code data}, in creation order
   * @throws CorruptWeightsException if a parameter has the wrong shape, a value is not finite, there
   *     are extras, or no parameter at all was found (weights of another model)
   */
  public List<String> loadGrowing(Map<String, TensorData> data, String source) throws CorruptWeightsException {
    List<String> missing = loadPresent(data, source);
    if (missing.size() == arrays.size()) {
      throw new CorruptWeightsException(source + ": none of the model's parameters is in these weights (weights of another model?)");
    }
    return missing;
  }

  private List<String> loadPresent(Map<String, TensorData> data, String source) throws CorruptWeightsException {
    for (String name : data.keySet()) {
      if (!arrays.containsKey(name)) {
        throw new CorruptWeightsException(source + ": unexpected parameter '" + name + "' (weights and config do not match)");
      }
    }
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      TensorData t = data.get(e.getKey());
      if (t == null) {
        missing.add(e.getKey());
        continue;
      }
      long[] want = e.getValue().getShape().getShape();
      if (!Arrays.equals(want, t.shape())) {
        throw new CorruptWeightsException(
            source + ": parameter '" + e.getKey() + "' has shape " + Arrays.toString(t.shape()) + ", the config expects " + Arrays.toString(want));
      }
      for (float v : t.values()) {
        if (!Float.isFinite(v)) {
          throw new CorruptWeightsException(source + ": parameter '" + e.getKey() + "' holds a non-finite value (corrupt or diverged weights)");
        }
      }
    }
    for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
      TensorData t = data.get(e.getKey());
      if (t != null) {
        InPlace.write(e.getValue(), t.values());
      }
    }
    return missing;
  }

  /** Loads a file with {@link #loadGrowing}. */
  public List<String> loadGrowing(Path file) throws IOException {
    return loadGrowing(SafeTensors.readAllParameters(file), file.toString());
  }

  public void save(Path file, Map<String, String> metadata) throws IOException {
    SafeTensors.write(file, toHost(), metadata);
  }

  public void load(Path file) throws IOException {
    load(SafeTensors.readAllParameters(file), file.toString());
  }

  @Override
  public void close() {
    manager.close();
    if (owner != null) {
      owner.close();
    }
  }
}
