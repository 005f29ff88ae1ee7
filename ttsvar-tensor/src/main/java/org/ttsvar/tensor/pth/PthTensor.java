package org.ttsvar.tensor.pth;

import org.ttsvar.tensor.DType;

/**
 * One tensor of a PyTorch checkpoint, as its pickle describes it: a strided view of a storage.
 *
 * @param name dotted path from the file's top-level dict ({@code "vae.encoder.conv_in.weight"})
 * @param dtype element type of the storage (F32, F16, BF16, F64 or an integer/bool type)
 * @param shape sizes per dimension (empty for a 0-d tensor)
 * @param stride elements to step per dimension (torch's strides; a transpose or slice is not row-major)
 * @param storageOffset first element of the view in its storage
 * @param storageKey the storage's zip entry, {@code <archive>/data/<key>}; views of one storage share it
 */
public record PthTensor(String name, DType dtype, long[] shape, long[] stride, long storageOffset, String storageKey) {
  public PthTensor {
    shape = shape.clone();
    stride = stride.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public long[] stride() {
    return stride.clone();
  }

  /** Number of elements (1 for a 0-d tensor). */
  public long numel() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Whether the view is row-major and dense, so its values lie in one run of the storage. */
  public boolean contiguous() {
    long expected = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      if (shape[i] != 1 && stride[i] != expected) {
        return false;
      }
      expected *= shape[i];
    }
    return true;
  }

  /** Whether the values are integers or booleans (readable exactly with {@link PthFile#readLongs}). */
  public boolean integral() {
    return switch (dtype) {
      case F64, F32, F16, BF16 -> false;
      case I64, I32, I16, I8, U8, BOOL -> true;
    };
  }
}
