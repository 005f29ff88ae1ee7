package org.ttsvar.models.judges;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/** A judge's golden (safetensors) file, read strictly: every error is bad input naming the file and its maker. */
final class GoldenFile implements AutoCloseable {
  private final SafeTensors file;
  private final Path path;
  private final String maker;

  private GoldenFile(SafeTensors file, Path path, String maker) {
    this.file = file;
    this.path = path;
    this.maker = maker;
  }

  /** @param maker the script that writes such goldens, named in every error */
  static GoldenFile open(Path path, String maker) {
    try {
      return new GoldenFile(SafeTensors.open(path), path, maker);
    } catch (IOException e) {
      throw new BadInputException(path + ": not a readable golden (safetensors) file: " + e.getMessage() + "; goldens are written by " + maker);
    }
  }

  String metadata(String key) {
    String v = file.metadata().get(key);
    if (v == null) {
      throw new BadInputException(path + ": no metadata '" + key + "'; goldens are written by " + maker);
    }
    return v;
  }

  TensorData tensor(String name) throws IOException {
    if (!file.has(name)) {
      throw new BadInputException(path + ": no tensor '" + name + "'; goldens are written by " + maker);
    }
    return file.read(name);
  }

  /** The tensor, which must have this shape. */
  NDArray array(NDManager m, String name, long... shape) throws IOException {
    TensorData t = tensor(name);
    if (!Arrays.equals(t.shape(), shape)) {
      throw new BadInputException(path + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape)
          + " for these weights; is the golden made for this model?");
    }
    return m.create(t.values(), new Shape(shape));
  }

  /** The tensor, which must be one-dimensional of any length. */
  float[] vector(String name) throws IOException {
    TensorData t = tensor(name);
    if (t.shape().length != 1) {
      throw new BadInputException(path + ": tensor '" + name + "' has shape " + Arrays.toString(t.shape()) + ", expected one dimension");
    }
    return t.values();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
