package org.ttsvar.tensor.pth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ttsvar.tensor.DType;

/** The values a torch state-dict pickle holds, besides Java's String, Long, Double, Boolean, null, lists and maps. */
final class Pickled {
  private Pickled() {}

  /** A Python tuple (immutable; Python lists become {@code ArrayList}s). */
  record Tuple(List<Object> items) {
    Tuple {
      items = Collections.unmodifiableList(new ArrayList<>(items)); // may hold nulls (None)
    }

    int size() {
      return items.size();
    }

    Object get(int i) {
      return items.get(i);
    }
  }

  /** Python {@code bytes}. */
  record Bytes(byte[] value) {}

  /** A storage named by a persistent id: the zip entry {@code data/<key>} holding {@code numel} values of {@code dtype}. */
  record StorageRef(String key, DType dtype, long numel) {}

  /** A tensor: a strided view of a storage (offsets, sizes and strides in elements). */
  record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {}
}
