package org.ttsvar.tensor.pth;

import java.util.HashMap;
import java.util.Map;
import org.ttsvar.tensor.DType;

/**
 * The only Python globals a state-dict pickle may name: the ordered dict, torch's tensor and
 * parameter rebuild functions, and the storage types (which carry the element type). Any other
 * global refuses the file: loading weights never resolves, imports or calls anything else.
 */
enum TorchGlobal {
  ORDERED_DICT("collections", "OrderedDict"),
  REBUILD_TENSOR("torch._utils", "_rebuild_tensor"),
  REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2"),
  REBUILD_PARAMETER("torch._utils", "_rebuild_parameter"),
  REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state"),
  REBUILD_FROM_TYPE_V2("torch._tensor", "_rebuild_from_type_v2"),
  TENSOR("torch", "Tensor"),
  PARAMETER("torch.nn.parameter", "Parameter"),
  SIZE("torch", "Size"),
  FLOAT_STORAGE("torch", "FloatStorage", DType.F32),
  DOUBLE_STORAGE("torch", "DoubleStorage", DType.F64),
  HALF_STORAGE("torch", "HalfStorage", DType.F16),
  BFLOAT16_STORAGE("torch", "BFloat16Storage", DType.BF16),
  LONG_STORAGE("torch", "LongStorage", DType.I64),
  INT_STORAGE("torch", "IntStorage", DType.I32),
  SHORT_STORAGE("torch", "ShortStorage", DType.I16),
  CHAR_STORAGE("torch", "CharStorage", DType.I8),
  BYTE_STORAGE("torch", "ByteStorage", DType.U8),
  BOOL_STORAGE("torch", "BoolStorage", DType.BOOL);

  private static final Map<String, TorchGlobal> BY_NAME = new HashMap<>();

  static {
    for (TorchGlobal g : values()) {
      BY_NAME.put(g.module + "." + g.name, g);
    }
  }

  final String module;
  final String name;
  /** The element type of a storage type; null for the other globals. */
  final DType storageType;

  TorchGlobal(String module, String name) {
    this(module, name, null);
  }

  TorchGlobal(String module, String name, DType storageType) {
    this.module = module;
    this.name = name;
    this.storageType = storageType;
  }

  /** The allowed global {@code module.name}, or null. */
  static TorchGlobal find(String module, String name) {
    return BY_NAME.get(module + "." + name);
  }

  @Override
  public String toString() {
    return module + "." + name;
  }
}
