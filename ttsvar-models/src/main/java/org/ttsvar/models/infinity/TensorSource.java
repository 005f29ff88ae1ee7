package org.ttsvar.models.infinity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.PthFile;
import org.ttsvar.tensor.pth.PthTensor;

/** Named tensors of one checkpoint: their shapes without reading them, and their values on demand. */
public interface TensorSource {
  /** The file (and sub-dict) these tensors come from, for messages. */
  String where();

  Set<String> names();

  long[] shape(String name);

  TensorData read(String name) throws IOException;

  /** Names and shapes only (e.g. a published key list): {@link #read} is refused. */
  static TensorSource ofShapes(String where, Map<String, long[]> shapes) {
    Map<String, long[]> copy = Map.copyOf(shapes);
    return new TensorSource() {
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
      public TensorData read(String name) {
        throw new UnsupportedOperationException(where + " holds shapes only, no values ('" + name + "')");
      }
    };
  }

  /** The tensors of {@code pth} under {@code prefix} ("" for a plain state dict, "vae" for the VAE file). */
  static TensorSource of(PthFile pth, String prefix) {
    Map<String, PthTensor> entries = pth.entries(prefix);
    String dot = prefix.isEmpty() ? "" : prefix + ".";
    Path file = pth.file();
    return new TensorSource() {
      @Override
      public String where() {
        return prefix.isEmpty() ? file.toString() : file + " [\"" + prefix + "\"]";
      }

      @Override
      public Set<String> names() {
        return entries.keySet();
      }

      @Override
      public long[] shape(String name) {
        return entries.get(name).shape();
      }

      @Override
      public TensorData read(String name) throws IOException {
        return pth.read(dot + name);
      }
    };
  }
}
