package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * Weights as arrays in the engine's own memory. {@code NDManager.create(float[], Shape)} copies the values
 * into a Java direct buffer that the PyTorch tensor then lives in, and direct buffers are capped by
 * {@code -XX:MaxDirectMemorySize} (by default the maximum heap, a quarter of the machine's memory): an
 * official checkpoint of several GB (Infinity-2B: 8.8 GB in F32) then fails to load with "Cannot reserve …
 * bytes of direct buffer memory", however much memory is free. Here the tensor is allocated by the engine
 * and the values are written through a view of its memory, so no direct buffer is reserved.
 */
public final class WeightArrays {
  private WeightArrays() {}

  /** An F32 array of {@code shape} holding {@code values} (row-major), in engine memory where the engine allows it. */
  public static NDArray create(NDManager manager, float[] values, Shape shape) {
    if (shape.size() != values.length) {
      throw new IllegalArgumentException(values.length + " values for shape " + shape);
    }
    if (values.length == 0 || manager.getDevice().isGpu() || !"PyTorch".equals(manager.getEngine().getEngineName())) {
      return manager.create(values, shape); // the engine copies to its device, or owns the buffer itself
    }
    NDArray array = manager.create(shape, DataType.FLOAT32); // torch::empty: engine memory
    ByteBuffer view = array.toByteBuffer(true); // the tensor's own bytes (a JNI view, not a reserved buffer)
    if (!view.isDirect() || view.capacity() != (long) values.length * Float.BYTES) {
      array.close();
      return manager.create(values, shape);
    }
    view.asFloatBuffer().put(values);
    return array;
  }
}
