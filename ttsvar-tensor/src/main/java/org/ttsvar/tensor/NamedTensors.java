package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ttsvar.tensor.pth.PthFile;

/** Named tensors of one checkpoint: their shapes without reading them, their values on demand. */
public interface NamedTensors {
  /** The file these tensors come from, for messages. */
  String where();

  Set<String> names();

  /** The shape of a tensor in {@link #names()}. */
  long[] shape(String name);

  /** The tensor's values as an array in {@code manager}. */
  NDArray read(String name, NDManager manager) throws IOException;

  /** The tensors of a plain state dict (the top level of {@code pth}). */
  static NamedTensors of(PthFile pth) {
    return new NamedTensors() {
      @Override
      public String where() {
        return pth.file().toString();
      }

      @Override
      public Set<String> names() {
        return pth.entries().keySet();
      }

      @Override
      public long[] shape(String name) {
        return pth.entries().get(name).shape();
      }

      @Override
      public NDArray read(String name, NDManager manager) throws IOException {
        TensorData t = pth.read(name);
        return WeightArrays.create(manager, t.values(), new Shape(t.shape()));
      }
    };
  }

  /**
   * Shapes only: every read gives zeros of the shape as a broadcast view of one value, so a loader can
   * be checked against a full-size key list without allocating the model.
   */
  static NamedTensors shapesOnly(String where, Map<String, long[]> shapes) {
    Map<String, long[]> copy = Collections.unmodifiableMap(new TreeMap<>(shapes));
    return new NamedTensors() {
      @Override
      public String where() {
        return where;
      }

      @Override
      public Set<String> names() {
        return copy.keySet();
      }

      @Override
      public long[] shape(String name) {
        return copy.get(name).clone();
      }

      @Override
      public NDArray read(String name, NDManager manager) {
        try (NDArray zero = manager.zeros(new Shape(1))) {
          return zero.broadcast(new Shape(copy.get(name))); // stride 0: no storage of the full size
        }
      }
    };
  }
}
