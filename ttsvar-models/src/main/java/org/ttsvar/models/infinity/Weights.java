package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.WeightArrays;

/**
 * Strict loading of the reference's checkpoints: every tensor a module asks for must be there with the
 * shape it expects, and {@link #finish} refuses any tensor under the loaded prefixes that nobody asked
 * for. A name may be spelled as the reference's modules name it ({@code x.conv.weight},
 * {@code x.norm.weight}) or as {@code load_cnn} also accepts it ({@code x.weight}); sizes are read from
 * the tensors' shapes by the modules, never from a configuration file. Every message names the file and
 * the tensor.
 */
final class Weights {
  private final TensorSource source;
  private final NDManager manager;
  private final boolean shapesOnly;
  private final Set<String> used = new TreeSet<>();
  private long loadedElements;

  Weights(TensorSource source, NDManager manager) {
    this(source, manager, false);
  }

  private Weights(TensorSource source, NDManager manager, boolean shapesOnly) {
    this.source = source;
    this.manager = manager;
    this.shapesOnly = shapesOnly;
  }

  /**
   * Checks names and shapes without reading or allocating a tensor: {@link #get} returns a zero broadcast
   * to the shape (a view of one value), so a module built on these weights has the checkpoint's sizes
   * but cannot compute anything meaningful. For validating a real-size key set (e.g. 2B: 8.8 GB).
   */
  static Weights shapesOnly(TensorSource source, NDManager manager) {
    return new Weights(source, manager, true);
  }

  String where() {
    return source.where();
  }

  boolean has(String name) {
    return resolve(name) != null;
  }

  /** Whether any tensor's name starts with {@code prefix}. */
  boolean hasAny(String prefix) {
    return source.names().stream().anyMatch(n -> n.startsWith(prefix));
  }

  /** The tensor's shape; the tensor must exist. */
  long[] shape(String name) throws CorruptWeightsException {
    return source.shape(require(name));
  }

  /** The tensor, checked against {@code expected} (−1 = any size along that axis). */
  NDArray get(String name, long... expected) throws IOException {
    String stored = require(name);
    long[] actual = checkedShape(stored, expected);
    used.add(stored);
    loadedElements += Arrays.stream(actual).reduce(1, (a, b) -> a * b);
    if (shapesOnly) {
      return manager.zeros(new Shape(1)).broadcast(new Shape(actual)); // a view: nothing of that size is allocated
    }
    return WeightArrays.create(manager, source.read(stored).values(), new Shape(actual)); // not a direct buffer: 8.8 GB for 2B
  }

  /**
   * A tensor the reference ties to one already loaded (the same values stored under a second name): its shape
   * is checked and it counts as used, but nothing is read.
   */
  void tied(String name, long... expected) throws CorruptWeightsException {
    String stored = require(name);
    checkedShape(stored, expected);
    used.add(stored);
  }

  private long[] checkedShape(String stored, long[] expected) throws CorruptWeightsException {
    long[] actual = source.shape(stored);
    if (!matches(actual, expected)) {
      throw new CorruptWeightsException(source.where() + ": tensor '" + stored + "' has shape " + Arrays.toString(actual)
          + ", expected " + Arrays.toString(expected).replace("-1", "any") + "; is this the right file for this model?");
    }
    return actual;
  }

  /** How many values the loaded tensors hold (the parameter count). */
  long loadedElements() {
    return loadedElements;
  }

  /** Refuses any tensor whose name starts with one of {@code prefixes} and that no module loaded. */
  void finish(String... prefixes) throws CorruptWeightsException {
    List<String> unexpected = new ArrayList<>();
    for (String n : new TreeSet<>(source.names())) {
      if (!used.contains(n) && Arrays.stream(prefixes).anyMatch(n::startsWith)) {
        unexpected.add(n);
      }
    }
    if (!unexpected.isEmpty()) {
      throw new CorruptWeightsException(source.where() + ": unexpected tensor" + (unexpected.size() > 1 ? "s " : " ")
          + unexpected.subList(0, Math.min(8, unexpected.size())) + (unexpected.size() > 8 ? " …" : "")
          + " (this model does not use them; a different architecture or version of the checkpoint?)");
    }
  }

  private String require(String name) throws CorruptWeightsException {
    String stored = resolve(name);
    if (stored == null) {
      throw new CorruptWeightsException(source.where() + ": missing tensor '" + name + "'"
          + (alias(name).equals(name) ? "" : " (or '" + alias(name) + "')") + "; is this the right file for this model?");
    }
    return stored;
  }

  private String resolve(String name) {
    Set<String> names = source.names();
    if (names.contains(name)) {
      return name;
    }
    String a = alias(name);
    return names.contains(a) ? a : null;
  }

  /** load_cnn's second spelling: {@code a.conv.weight} → {@code a.weight}, {@code a.norm.bias} → {@code a.bias}. */
  static String alias(String name) {
    for (String inner : new String[] {".conv.", ".norm."}) {
      for (String leaf : new String[] {"weight", "bias"}) {
        if (name.endsWith(inner + leaf)) {
          return name.substring(0, name.length() - inner.length() - leaf.length()) + "." + leaf;
        }
      }
    }
    return name;
  }

  private static boolean matches(long[] actual, long[] expected) {
    if (actual.length != expected.length) {
      return false;
    }
    for (int i = 0; i < actual.length; i++) {
      if (expected[i] != -1 && expected[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }
}
