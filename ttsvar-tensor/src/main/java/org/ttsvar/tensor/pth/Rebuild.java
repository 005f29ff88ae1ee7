package org.ttsvar.tensor.pth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.pth.Pickled.StorageRef;
import org.ttsvar.tensor.pth.Pickled.TensorRef;
import org.ttsvar.tensor.pth.Pickled.Tuple;

/**
 * What calling an allowed global does, in Java: an empty ordered dict, or a tensor view described by
 * torch's rebuild functions ({@code _rebuild_tensor_v2(storage, offset, size, stride,
 * requires_grad, hooks[, metadata])} and the parameter and subclass wrappers around it). Nothing is
 * read from the storage here; shapes are only checked for sign and rank.
 */
final class Rebuild {
  private static final int MAX_RANK = 64;

  private Rebuild() {}

  static Object call(TorchGlobal g, Tuple args, String where) throws CorruptWeightsException {
    switch (g) {
      case ORDERED_DICT:
        return orderedDict(args, where);
      case REBUILD_TENSOR_V2:
        arity(g, args, 6, 7, where);
        return tensor(args, where);
      case REBUILD_TENSOR:
        arity(g, args, 4, 4, where);
        return tensor(args, where);
      case REBUILD_PARAMETER:
        arity(g, args, 3, 3, where);
        return asTensor(args.get(0), g, where);
      case REBUILD_PARAMETER_WITH_STATE:
        arity(g, args, 4, 4, where);
        return asTensor(args.get(0), g, where);
      case REBUILD_FROM_TYPE_V2:
        return fromType(args, where);
      case SIZE:
        arity(g, args, 1, 1, where);
        longs(args.get(0), "torch.Size", where);
        return args.get(0);
      default:
        throw new CorruptWeightsException(where + ": data.pkl calls " + g + " in a way torch.save never does (not a plain state dict)");
    }
  }

  private static Map<Object, Object> orderedDict(Tuple args, String where) throws CorruptWeightsException {
    Map<Object, Object> m = new LinkedHashMap<>();
    if (args.size() == 0) {
      return m;
    }
    // OrderedDict([(k, v), ...]): not what pickle writes, but harmless
    if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
      for (Object p : pairs) {
        if (!(p instanceof Tuple t) || t.size() != 2) {
          throw new CorruptWeightsException(where + ": data.pkl builds an OrderedDict from something other than (key, value) pairs");
        }
        m.put(Unpickler.key(t.get(0), where), t.get(1));
      }
      return m;
    }
    throw new CorruptWeightsException(where + ": data.pkl calls collections.OrderedDict with unexpected arguments");
  }

  private static Object fromType(Tuple args, String where) throws CorruptWeightsException {
    // _rebuild_from_type_v2(func, new_type, args, state): a tensor subclass or a tensor with attributes
    arity(TorchGlobal.REBUILD_FROM_TYPE_V2, args, 4, 4, where);
    if (!(args.get(1) instanceof TorchGlobal type) || (type != TorchGlobal.TENSOR && type != TorchGlobal.PARAMETER)) {
      throw new CorruptWeightsException(where + ": data.pkl rebuilds a tensor of a type other than torch.Tensor or Parameter");
    }
    if (!(args.get(0) instanceof TorchGlobal func) || !(args.get(2) instanceof Tuple inner)) {
      throw new CorruptWeightsException(where + ": data.pkl calls torch._tensor._rebuild_from_type_v2 with unexpected arguments");
    }
    if (func != TorchGlobal.REBUILD_TENSOR_V2 && func != TorchGlobal.REBUILD_TENSOR && func != TorchGlobal.REBUILD_PARAMETER) {
      throw new CorruptWeightsException(where + ": data.pkl rebuilds a tensor with " + func + ", which does not make a tensor");
    }
    return asTensor(call(func, inner, where), TorchGlobal.REBUILD_FROM_TYPE_V2, where);
  }

  private static TensorRef tensor(Tuple args, String where) throws CorruptWeightsException {
    if (!(args.get(0) instanceof StorageRef storage)) {
      throw new CorruptWeightsException(where + ": data.pkl rebuilds a tensor from something other than a storage");
    }
    if (!(args.get(1) instanceof Long offset) || offset < 0) {
      throw new CorruptWeightsException(where + ": data.pkl gives a tensor a storage offset that is not a non-negative integer");
    }
    long[] shape = longs(args.get(2), "size", where);
    long[] stride = longs(args.get(3), "stride", where);
    if (shape.length != stride.length) {
      throw new CorruptWeightsException(where + ": data.pkl gives a tensor " + shape.length + " sizes but " + stride.length + " strides");
    }
    return new TensorRef(storage, offset, shape, stride);
  }

  private static long[] longs(Object o, String what, String where) throws CorruptWeightsException {
    List<Object> items = o instanceof Tuple t ? t.items() : o instanceof List<?> l ? new ArrayList<>(l) : null;
    if (items == null || items.size() > MAX_RANK) {
      throw new CorruptWeightsException(where + ": data.pkl gives a tensor a " + what + " that is not a tuple of at most " + MAX_RANK + " integers");
    }
    long[] out = new long[items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(items.get(i) instanceof Long v) || v < 0) {
        throw new CorruptWeightsException(where + ": data.pkl gives a tensor a " + what + " with an entry that is not a non-negative integer");
      }
      out[i] = v;
    }
    return out;
  }

  private static TensorRef asTensor(Object o, TorchGlobal g, String where) throws CorruptWeightsException {
    if (o instanceof TensorRef t) {
      return t;
    }
    throw new CorruptWeightsException(where + ": data.pkl passes " + g + " something other than a tensor");
  }

  private static void arity(TorchGlobal g, Tuple args, int min, int max, String where) throws CorruptWeightsException {
    if (args.size() < min || args.size() > max) {
      throw new CorruptWeightsException(where + ": data.pkl calls " + g + " with " + args.size() + " arguments (torch passes " + (min == max ? min : min + " or " + max) + ")");
    }
  }
}
