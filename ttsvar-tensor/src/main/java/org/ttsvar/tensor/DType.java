package org.ttsvar.tensor;

import java.util.Arrays;

/** Element types of the safetensors format that ttsvar reads; all are converted to F32 on load. */
public enum DType {
  F64(8),
  F32(4),
  F16(2),
  BF16(2),
  I64(8),
  I32(4),
  I16(2),
  I8(1),
  U8(1),
  BOOL(1);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }

  static DType parse(String name, String where) throws CorruptWeightsException {
    try {
      return valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new CorruptWeightsException(where + ": unsupported dtype '" + name + "'; supported: " + Arrays.toString(values()));
    }
  }
}
