package org.ttsvar.tensor.pth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.pth.Pickled.Bytes;
import org.ttsvar.tensor.pth.Pickled.StorageRef;
import org.ttsvar.tensor.pth.Pickled.TensorRef;
import org.ttsvar.tensor.pth.Pickled.Tuple;

/**
 * A restricted reader of the pickles torch.save writes (protocol 2; the binary opcodes of protocols
 * 3–5 too). Values become Java values: str → String, int → Long, float → Double, bool → Boolean,
 * None → null, list → ArrayList, dict → LinkedHashMap, tuple → {@link Tuple}. Globals resolve only
 * to {@link TorchGlobal}s, calls only to {@link Rebuild}, persistent ids only to storages: nothing is
 * ever executed, and every length is checked against the bytes that remain before it is used.
 */
final class Unpickler {
  private final byte[] in;
  private final String where;
  private int pos;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();

  private Unpickler(byte[] in, String where) {
    this.in = in;
    this.where = where;
  }

  /** The object the pickle describes. */
  static Object load(byte[] pickle, String where) throws CorruptWeightsException {
    return new Unpickler(pickle, where).run();
  }

  private Object run() throws CorruptWeightsException {
    while (true) {
      int at = pos;
      int op = u8();
      switch (op) {
        case 0x80 -> { // PROTO
          int v = u8();
          if (v > 5) {
            throw bad("pickle protocol " + v + " is newer than any Python writes");
          }
        }
        case 0x95 -> skip(8); // FRAME: a length hint only
        case '.' -> { // STOP
          if (stack.size() != 1 || !marks.isEmpty()) {
            throw bad("ends with " + stack.size() + " values on its stack");
          }
          return stack.get(0);
        }
        case '(' -> {
          marks.add(stack.size());
        }
        case ')' -> push(new Tuple(List.of()));
        case ']' -> push(new ArrayList<>());
        case '}' -> push(new LinkedHashMap<>());
        case 'N' -> push(null);
        case 0x88 -> push(Boolean.TRUE);
        case 0x89 -> push(Boolean.FALSE);
        case 'J' -> push((long) i32()); // BININT
        case 'K' -> push((long) u8()); // BININT1
        case 'M' -> push((long) u16()); // BININT2
        case 0x8a -> push(longN(u8())); // LONG1
        case 0x8b -> push(longN(len(u32()))); // LONG4
        case 'G' -> push(Double.longBitsToDouble(i64be())); // BINFLOAT
        case 'X' -> push(utf8(len(u32()))); // BINUNICODE
        case 0x8c -> push(utf8(u8())); // SHORT_BINUNICODE
        case 0x8d -> push(utf8(len(i64()))); // BINUNICODE8
        case 'T' -> push(latin1(len(u32()))); // BINSTRING (Python 2 str)
        case 'U' -> push(latin1(u8())); // SHORT_BINSTRING
        case 'B' -> push(new Bytes(bytes(len(u32())))); // BINBYTES
        case 'C' -> push(new Bytes(bytes(u8()))); // SHORT_BINBYTES
        case 0x8e -> push(new Bytes(bytes(len(i64())))); // BINBYTES8
        case 't' -> push(new Tuple(popMark()));
        case 0x85 -> push(new Tuple(popN(1)));
        case 0x86 -> push(new Tuple(popN(2)));
        case 0x87 -> push(new Tuple(popN(3)));
        case 'l' -> push(new ArrayList<>(popMark())); // LIST
        case 'd' -> { // DICT
          Map<Object, Object> m = new LinkedHashMap<>();
          putPairs(m, popMark());
          push(m);
        }
        case 's' -> { // SETITEM
          List<Object> kv = popN(2);
          putPairs(dictOnTop(), kv);
        }
        case 'u' -> { // SETITEMS
          List<Object> kv = popMark();
          putPairs(dictOnTop(), kv);
        }
        case 'a' -> { // APPEND
          Object v = pop();
          listOnTop().add(v);
        }
        case 'e' -> { // APPENDS
          List<Object> vs = popMark();
          listOnTop().addAll(vs);
        }
        case '0' -> pop(); // POP
        case '1' -> popMark(); // POP_MARK
        case '2' -> push(peek()); // DUP
        case 'q' -> memo.put((long) u8(), peek()); // BINPUT
        case 'r' -> memo.put(u32(), peek()); // LONG_BINPUT
        case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
        case 'h' -> push(memoGet(u8())); // BINGET
        case 'j' -> push(memoGet(u32())); // LONG_BINGET
        case 'c' -> push(global(line(), line())); // GLOBAL
        case 0x93 -> { // STACK_GLOBAL
          Object name = pop();
          Object module = pop();
          if (!(module instanceof String m) || !(name instanceof String n)) {
            throw bad("STACK_GLOBAL names a global with values that are not strings");
          }
          push(global(m, n));
        }
        case 'R' -> { // REDUCE
          Object args = pop();
          push(call(pop(), args));
        }
        case 0x81 -> { // NEWOBJ
          Object args = pop();
          push(call(pop(), args));
        }
        case 'b' -> { // BUILD: the state (a dict's _metadata, a tensor's attributes) is not needed
          pop();
          Object target = peek();
          if (!(target instanceof Map || target instanceof TensorRef || target instanceof List)) {
            throw bad("sets the state of a " + describe(target));
          }
        }
        case 'Q' -> push(storage(pop())); // BINPERSID
        default -> throw bad(String.format("uses opcode 0x%02x%s at byte %d, which torch.save never writes", op, op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "", at));
      }
    }
  }

  /** A global from the allow-list; any other refuses the file, naming it. */
  private TorchGlobal global(String module, String name) throws CorruptWeightsException {
    TorchGlobal g = TorchGlobal.find(module, name);
    if (g == null) {
      throw new CorruptWeightsException(
          where
              + ": the pickle refers to the Python global '"
              + module
              + "."
              + name
              + "', which is not part of a tensor state dict. ttsvar reads tensors only and never runs code from a weight file."
              + " If this is a training checkpoint with other objects (arguments, optimizer, a model class), re-save its state dict alone,"
              + " e.g. python -c \"import torch; c = torch.load('in.pth', map_location='cpu'); torch.save(c['model'], 'model-only.pth')\"");
    }
    return g;
  }

  private Object call(Object callable, Object args) throws CorruptWeightsException {
    if (!(callable instanceof TorchGlobal g)) {
      throw bad("calls a " + describe(callable));
    }
    if (!(args instanceof Tuple t)) {
      throw bad("calls " + g + " with arguments that are not a tuple");
    }
    return Rebuild.call(g, t, where);
  }

  /** BINPERSID: torch's id ('storage', storage type, key, location, numel). */
  private StorageRef storage(Object pid) throws CorruptWeightsException {
    if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0))) {
      throw bad("has a persistent id that is not a torch storage");
    }
    if (!(t.get(1) instanceof TorchGlobal type) || type.storageType == null) {
      throw bad("names a storage whose type is not a known torch storage type");
    }
    if (!(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel) || numel < 0) {
      throw bad("names a storage without a key or element count");
    }
    return new StorageRef(key, type.storageType, numel);
  }

  private void putPairs(Map<Object, Object> m, List<Object> kv) throws CorruptWeightsException {
    if (kv.size() % 2 != 0) {
      throw bad("sets a dict item without a value");
    }
    for (int i = 0; i < kv.size(); i += 2) {
      m.put(key(kv.get(i), where), kv.get(i + 1));
    }
  }

  /** Dict keys are restricted to scalars (state dicts use strings), so hashing never recurses. */
  static Object key(Object k, String where) throws CorruptWeightsException {
    if (k == null || k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof Double) {
      return k;
    }
    throw new CorruptWeightsException(where + ": data.pkl has a dict key that is a " + describe(k) + " (a state dict's keys are strings)");
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> dictOnTop() throws CorruptWeightsException {
    if (peek() instanceof Map<?, ?> m) {
      return (Map<Object, Object>) m;
    }
    throw bad("sets an item on a " + describe(peek()));
  }

  @SuppressWarnings("unchecked")
  private List<Object> listOnTop() throws CorruptWeightsException {
    if (peek() instanceof ArrayList<?> l) {
      return (List<Object>) l;
    }
    throw bad("appends to a " + describe(peek()));
  }

  private Object memoGet(long i) throws CorruptWeightsException {
    if (!memo.containsKey(i)) {
      throw bad("reads memo entry " + i + ", which was never stored");
    }
    return memo.get(i);
  }

  private void push(Object o) {
    stack.add(o);
  }

  private Object peek() throws CorruptWeightsException {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() <= floor) {
      throw bad("reads from an empty stack");
    }
    return stack.get(stack.size() - 1);
  }

  private Object pop() throws CorruptWeightsException {
    Object o = peek();
    stack.remove(stack.size() - 1);
    return o;
  }

  private List<Object> popN(int n) throws CorruptWeightsException {
    int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
    if (stack.size() - floor < n) {
      throw bad("reads from an empty stack");
    }
    List<Object> top = stack.subList(stack.size() - n, stack.size());
    List<Object> out = new ArrayList<>(top);
    top.clear();
    return out;
  }

  private List<Object> popMark() throws CorruptWeightsException {
    if (marks.isEmpty()) {
      throw bad("closes a MARK that was never opened");
    }
    int m = marks.remove(marks.size() - 1);
    List<Object> top = stack.subList(m, stack.size());
    List<Object> out = new ArrayList<>(top);
    top.clear();
    return out;
  }

  private int u8() throws CorruptWeightsException {
    need(1);
    return in[pos++] & 0xff;
  }

  private int u16() throws CorruptWeightsException {
    need(2);
    int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
    pos += 2;
    return v;
  }

  private int i32() throws CorruptWeightsException {
    need(4);
    int v = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8 | (in[pos + 2] & 0xff) << 16 | (in[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  private long u32() throws CorruptWeightsException {
    return i32() & 0xffffffffL;
  }

  private long i64() throws CorruptWeightsException {
    return u32() | (u32() << 32);
  }

  private long i64be() throws CorruptWeightsException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (in[pos++] & 0xff);
    }
    return v;
  }

  /** LONG1/LONG4: little-endian two's complement; ttsvar needs no integer wider than 64 bits. */
  private Long longN(int n) throws CorruptWeightsException {
    if (n > 8) {
      throw bad("holds an integer of " + n + " bytes, wider than 64 bits");
    }
    need(n);
    long v = 0;
    for (int i = n - 1; i >= 0; i--) {
      v = v << 8 | (in[pos + i] & 0xff);
    }
    if (n > 0 && n < 8 && (in[pos + n - 1] & 0x80) != 0) {
      v -= 1L << (8 * n); // sign-extend
    }
    pos += n;
    return v;
  }

  /** A length read from the pickle, checked against the bytes that remain. */
  private int len(long n) throws CorruptWeightsException {
    if (n < 0 || n > in.length - pos) {
      throw bad("declares a length of " + n + " bytes with only " + (in.length - pos) + " left (truncated or forged)");
    }
    return (int) n;
  }

  private byte[] bytes(int n) throws CorruptWeightsException {
    need(n);
    byte[] b = new byte[n];
    System.arraycopy(in, pos, b, 0, n);
    pos += n;
    return b;
  }

  private String utf8(int n) throws CorruptWeightsException {
    return new String(bytes(n), StandardCharsets.UTF_8);
  }

  private String latin1(int n) throws CorruptWeightsException {
    return new String(bytes(n), StandardCharsets.ISO_8859_1);
  }

  /** A newline-terminated line (GLOBAL's module and name). */
  private String line() throws CorruptWeightsException {
    int start = pos;
    while (pos < in.length && in[pos] != '\n') {
      pos++;
    }
    if (pos >= in.length || pos - start > 1000) {
      throw bad("has an unterminated global name");
    }
    return new String(in, start, pos++ - start, StandardCharsets.UTF_8);
  }

  private void skip(int n) throws CorruptWeightsException {
    need(n);
    pos += n;
  }

  private void need(int n) throws CorruptWeightsException {
    if (n < 0 || n > in.length - pos) {
      throw bad("ends in the middle of an opcode (truncated)");
    }
  }

  private CorruptWeightsException bad(String what) {
    return new CorruptWeightsException(where + ": data.pkl " + what + "; not a torch state-dict pickle or corrupt");
  }

  /** A value's kind for messages (never its text: containers may contain themselves). */
  static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof TorchGlobal g) {
      return "global " + g;
    }
    if (o instanceof Tuple) {
      return "tuple";
    }
    if (o instanceof List) {
      return "list";
    }
    if (o instanceof Map) {
      return "dict";
    }
    if (o instanceof TensorRef) {
      return "tensor";
    }
    if (o instanceof StorageRef) {
      return "storage";
    }
    if (o instanceof Bytes) {
      return "bytes";
    }
    return o.getClass().getSimpleName();
  }
}
