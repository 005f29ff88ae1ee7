package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Strict loading of an official checkpoint into layers written against {@link ParamSource}: every
 * tensor a layer asks for must be in the file with the shape the layer expects, and {@link #load}
 * refuses any tensor that no layer took. Sizes are read from the tensors' shapes ({@link #shape})
 * before the layers are built, never from a configuration file. Every error is a
 * {@link CorruptWeightsException} naming the file and the tensor.
 */
public final class StrictParams implements ParamSource {
  /** Builds a model from the parameters (its layers call {@link #create}). */
  @FunctionalInterface
  public interface Builder<T> {
    T build(StrictParams params) throws IOException;
  }

  private final NamedTensors source;
  private final NDManager manager;
  private final Set<String> used = new HashSet<>();

  private StrictParams(NamedTensors source, NDManager manager) {
    this.source = source;
    this.manager = manager;
  }

  /**
   * Builds the model with every tensor from {@code source}, read into {@code manager}; then refuses
   * tensors the model did not take. The caller closes {@code manager} when this throws.
   */
  public static <T> T load(NamedTensors source, NDManager manager, Builder<T> builder) throws IOException {
    StrictParams p = new StrictParams(source, manager);
    T model;
    try {
      model = builder.build(p);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    p.refuseUnused();
    return model;
  }

  public String where() {
    return source.where();
  }

  public boolean has(String name) {
    return source.names().contains(name);
  }

  /** A tensor's shape, read without its values; the tensor must exist. */
  public long[] shape(String name) throws CorruptWeightsException {
    if (!has(name)) {
      throw missing(name);
    }
    return source.shape(name);
  }

  /** The names of the checkpoint's tensors. */
  public Set<String> names() {
    return source.names();
  }

  /** The tensor {@code name}, which must have exactly {@code shape}; {@code init} is not used. */
  @Override
  public NDArray create(String name, Init init, long... shape) {
    try {
      long[] actual = shape(name);
      if (!Arrays.equals(actual, shape)) {
        throw new CorruptWeightsException(where() + ": tensor '" + name + "' has shape " + Arrays.toString(actual)
            + ", expected " + Arrays.toString(shape) + "; is this the right file for this model?");
      }
      if (!used.add(name)) {
        throw new IllegalStateException("tensor '" + name + "' taken twice");
      }
      return source.read(name, manager);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CorruptWeightsException missing(String name) {
    return new CorruptWeightsException(where() + ": missing tensor '" + name + "'; is this the right file for this model?");
  }

  private void refuseUnused() throws CorruptWeightsException {
    List<String> unexpected = new ArrayList<>(source.names().stream().filter(n -> !used.contains(n)).sorted().toList());
    if (!unexpected.isEmpty()) {
      String named = unexpected.size() == 1 ? " '" + unexpected.get(0) + "'"
          : "s " + unexpected.subList(0, Math.min(8, unexpected.size())) + (unexpected.size() > 8 ? " … (" + unexpected.size() + ")" : "");
      throw new CorruptWeightsException(where() + ": unexpected tensor" + named
          + " (this model does not use them; a different architecture or version of the checkpoint?)");
    }
  }
}
