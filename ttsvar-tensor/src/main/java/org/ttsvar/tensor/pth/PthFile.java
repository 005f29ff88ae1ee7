package org.ttsvar.tensor.pth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.Pickled.Bytes;
import org.ttsvar.tensor.pth.Pickled.StorageRef;
import org.ttsvar.tensor.pth.Pickled.TensorRef;
import org.ttsvar.tensor.pth.Pickled.Tuple;

/**
 * A safe, memory-mapped reader of PyTorch checkpoints as torch.save writes them (since torch 1.6): a
 * zip of {@code <archive>/data.pkl} (the pickled object), {@code <archive>/data/<key>} (one
 * uncompressed storage per key) and {@code <archive>/version}.
 *
 * <p>The pickle is read by a restricted unpickler that knows only the globals a state dict needs
 * (see {@link TorchGlobal}); a file naming any other Python global is refused, so loading weights
 * never executes code. The object is flattened to dotted names: a state dict at the top level gives
 * {@code "blocks.0.weight"}, one under {@code "vae"} gives {@code "vae.encoder.conv_in.weight"}
 * ({@link #entries(String)} picks such a sub-dict). Non-tensor leaves (an epoch, a learning rate)
 * are kept as text in {@link #metadata()}.
 *
 * <p>Every storage is checked against its zip entry when the file is opened (every view's offset,
 * sizes and strides must lie inside it), and nothing is read until {@link #read} maps the bytes a
 * view spans. F16, BF16, F64 and integer storages are converted to F32 by {@link #read};
 * {@link #readLongs} gives integer and bool tensors exactly (e.g. {@code num_batches_tracked}).
 */
public final class PthFile implements AutoCloseable {
  private static final long MAX_PICKLE = 256L << 20;
  private static final long WINDOW = 1L << 30;
  private static final int MAX_DEPTH = 100;
  private static final int MAX_NODES = 10_000_000;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final Path file;
  private final FileChannel channel;
  private final ByteOrder order;
  private final long windowBytes;
  private final Map<String, PthTensor> entries;
  private final Map<String, ZipIndex.Entry> storages;
  private final Map<String, String> metadata;

  private PthFile(Path file, FileChannel channel, ByteOrder order, long windowBytes, Map<String, PthTensor> entries, Map<String, ZipIndex.Entry> storages, Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.order = order;
    this.windowBytes = windowBytes;
    this.entries = entries;
    this.storages = storages;
    this.metadata = metadata;
  }

  /** Opens a checkpoint and checks its structure; reads no tensor data. */
  public static PthFile open(Path file) throws IOException {
    return open(file, WINDOW);
  }

  /** As {@link #open(Path)}, mapping storages in windows of at most {@code windowBytes} (tests use small ones). */
  static PthFile open(Path file, long windowBytes) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": weight file not found");
    }
    String where = file.toString();
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      checkMagic(ch, where);
      ZipIndex zip = ZipIndex.read(ch, where);
      String archive = archive(zip, where);
      ByteOrder order = byteOrder(ch, zip, archive, where);
      byte[] pickle = ZipIndex.readSmall(ch, zip.entries().get(archive + "data.pkl"), MAX_PICKLE, where);
      Object root = Unpickler.load(pickle, where);
      Map<String, PthTensor> entries = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      Map<String, ZipIndex.Entry> storages = new LinkedHashMap<>();
      flatten(root, where, (name, value) -> {
        if (value instanceof TensorRef t) {
          ZipIndex.Entry storage = checkStorage(zip, archive, name, t, where);
          storages.put(t.storage().key(), storage);
          PthTensor tensor = new PthTensor(name, t.storage().dtype(), t.shape(), t.stride(), t.offset(), t.storage().key());
          checkView(tensor, storage, where);
          put(entries, name, tensor, where);
        } else {
          put(metadata, name, text(value), where);
        }
      });
      for (String name : metadata.keySet()) {
        if (entries.containsKey(name)) {
          throw new CorruptWeightsException(where + ": the name '" + name + "' is used twice after flattening nested dicts");
        }
      }
      return new PthFile(file, ch, order, windowBytes, Collections.unmodifiableMap(entries), storages, Collections.unmodifiableMap(metadata));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** A zip starts with a local header, "PK\3\4"; name the older formats torch wrote before 1.6. */
  private static void checkMagic(FileChannel ch, String where) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(4);
    ch.read(head, 0);
    byte[] b = head.array();
    if (head.position() >= 2 && (b[0] & 0xff) == 0x80 && b[1] <= 5) {
      throw new CorruptWeightsException(where + ": a checkpoint in torch's legacy (pre-1.6) format, which ttsvar does not read; re-save it with a current torch: torch.save(torch.load(f, map_location='cpu'), 'new.pth')");
    }
    if (head.position() < 4 || b[0] != 'P' || b[1] != 'K' || b[2] != 3 || b[3] != 4) {
      throw new CorruptWeightsException(where + ": not a zip-format PyTorch checkpoint (it does not start with a zip header)");
    }
  }

  /** The archive folder, e.g. "archive/" or "infinity_2b_reg/": the one folder holding data.pkl. */
  private static String archive(ZipIndex zip, String where) throws CorruptWeightsException {
    String found = null;
    for (String name : zip.entries().keySet()) {
      int slash = name.indexOf('/');
      if (slash > 0 && name.endsWith("/data.pkl") && slash == name.length() - "/data.pkl".length()) {
        if (found != null) {
          throw new CorruptWeightsException(where + ": the zip holds two pickles (" + found + "data.pkl and " + name + "): not one torch checkpoint");
        }
        found = name.substring(0, slash + 1);
      }
    }
    if (found == null) {
      throw new CorruptWeightsException(where + ": a zip without <archive>/data.pkl: not a PyTorch checkpoint");
    }
    return found;
  }

  private static ByteOrder byteOrder(FileChannel ch, ZipIndex zip, String archive, String where) throws IOException {
    ZipIndex.Entry e = zip.entries().get(archive + "byteorder");
    if (e == null) {
      return ByteOrder.LITTLE_ENDIAN; // written only since torch 2.1; before, always little-endian
    }
    String s = new String(ZipIndex.readSmall(ch, e, 16, where), StandardCharsets.US_ASCII).trim();
    return switch (s) {
      case "little" -> ByteOrder.LITTLE_ENDIAN;
      case "big" -> ByteOrder.BIG_ENDIAN;
      default -> throw new CorruptWeightsException(where + ": unknown byte order '" + s + "'");
    };
  }

  private static ZipIndex.Entry checkStorage(ZipIndex zip, String archive, String name, TensorRef t, String where) throws CorruptWeightsException {
    StorageRef s = t.storage();
    ZipIndex.Entry e = zip.entries().get(archive + "data/" + s.key());
    if (e == null) {
      throw new CorruptWeightsException(where + ": tensor '" + name + "' needs storage " + archive + "data/" + s.key() + ", which the zip lacks (truncated or repacked?)");
    }
    if (s.numel() > e.size() / s.dtype().bytes()) {
      throw new CorruptWeightsException(where + ": tensor '" + name + "': storage '" + s.key() + "' claims " + s.numel() + " " + s.dtype() + " values but its entry has " + e.size() + " bytes");
    }
    return e;
  }

  /** Every element the view can reach must lie inside the storage's entry. */
  private static void checkView(PthTensor t, ZipIndex.Entry storage, String where) throws CorruptWeightsException {
    long[] shape = t.shape();
    long[] stride = t.stride();
    try {
      long numel = 1;
      long last = t.storageOffset();
      for (int d = 0; d < shape.length; d++) {
        numel = Math.multiplyExact(numel, shape[d]);
        if (shape[d] > 0) {
          last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, stride[d]));
        }
      }
      if (numel > 0 && Math.multiplyExact(Math.addExact(last, 1), (long) t.dtype().bytes()) > storage.size()) {
        throw new CorruptWeightsException(where + ": tensor '" + t.name() + "' (offset " + t.storageOffset() + ", shape " + Arrays.toString(shape) + ", stride " + Arrays.toString(stride) + ") reaches element " + last + " of a storage of " + storage.size() / t.dtype().bytes() + " " + t.dtype() + " values");
      }
    } catch (ArithmeticException e) {
      throw new CorruptWeightsException(where + ": tensor '" + t.name() + "' has sizes or strides that overflow 64 bits");
    }
  }

  private interface Leaf {
    void accept(String name, Object value) throws CorruptWeightsException;
  }

  /** Walks dicts, lists and tuples (iteratively, bounded in depth and size), naming leaves by dotted paths. */
  private static void flatten(Object root, String where, Leaf leaf) throws CorruptWeightsException {
    if (!(root instanceof Map || root instanceof List || root instanceof Tuple)) {
      throw new CorruptWeightsException(where + ": the checkpoint holds a " + Unpickler.describe(root) + ", not a dict of tensors");
    }
    record Item(String name, Object value, int depth) {}
    Deque<Item> todo = new ArrayDeque<>();
    todo.push(new Item("", root, 0));
    long nodes = 0;
    while (!todo.isEmpty()) {
      Item it = todo.pop();
      if (++nodes > MAX_NODES || it.depth > MAX_DEPTH) {
        throw new CorruptWeightsException(where + ": the pickled object is nested more than " + MAX_DEPTH + " deep or has more than " + MAX_NODES + " parts (a cycle?); not a state dict");
      }
      List<Item> children = new ArrayList<>();
      if (it.value instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          children.add(new Item(join(it.name, keyText(e.getKey())), e.getValue(), it.depth + 1));
        }
      } else if (it.value instanceof List<?> || it.value instanceof Tuple) {
        List<?> l = it.value instanceof Tuple t ? t.items() : (List<?>) it.value;
        for (int i = 0; i < l.size(); i++) {
          children.add(new Item(join(it.name, Integer.toString(i)), l.get(i), it.depth + 1));
        }
      } else {
        leaf.accept(it.name, it.value);
        continue;
      }
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(children.get(i)); // keep the file's order
      }
    }
  }

  private static String join(String prefix, String key) {
    return prefix.isEmpty() ? key : prefix + "." + key;
  }

  private static String keyText(Object k) {
    return k instanceof String s ? s : text(k);
  }

  /** A leaf as text, in Python's spelling for None and booleans. */
  private static String text(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Bytes b) {
      return "<" + b.value().length + " bytes>";
    }
    if (v instanceof String || v instanceof Long || v instanceof Double) {
      return v.toString();
    }
    return "<" + Unpickler.describe(v) + ">";
  }

  private static <V> void put(Map<String, V> m, String name, V v, String where) throws CorruptWeightsException {
    if (m.put(name, v) != null) {
      throw new CorruptWeightsException(where + ": the name '" + name + "' is used twice after flattening nested dicts");
    }
  }

  public Path file() {
    return file;
  }

  /** Every tensor by dotted name, in the file's order. */
  public Map<String, PthTensor> entries() {
    return entries;
  }

  /**
   * The tensors under {@code prefix} (a sub-dict such as {@code "vae"}, {@code "model"} or
   * {@code "state_dict"}), named relative to it: {@code entries("vae")} maps
   * {@code "encoder.conv_in.weight"} to the tensor {@code "vae.encoder.conv_in.weight"}. An empty
   * prefix gives all of them.
   */
  public Map<String, PthTensor> entries(String prefix) {
    if (prefix.isEmpty()) {
      return entries;
    }
    String p = prefix + ".";
    Map<String, PthTensor> out = new LinkedHashMap<>();
    entries.forEach((name, t) -> {
      if (name.startsWith(p)) {
        out.put(name.substring(p.length()), t);
      }
    });
    return Collections.unmodifiableMap(out);
  }

  /** The non-tensor leaves (numbers, strings, booleans, None) as text, by dotted name. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The tensor's values as floats in row-major order, converted from its storage's dtype. */
  public TensorData read(String name) throws IOException {
    PthTensor t = tensor(name);
    int numel = checkedNumel(t, 4);
    return new TensorData(t.shape(), reader(t).floats(t, numel));
  }

  /** The values of an integer or bool tensor, exactly, in row-major order. */
  public long[] readLongs(String name) throws IOException {
    PthTensor t = tensor(name);
    if (!t.integral()) {
      throw new CorruptWeightsException(file + ": tensor '" + name + "' holds " + t.dtype() + " values, not integers");
    }
    return reader(t).longs(t, checkedNumel(t, 8));
  }

  private PthTensor tensor(String name) throws CorruptWeightsException {
    PthTensor t = entries.get(name);
    if (t == null) {
      throw new CorruptWeightsException(file + ": no tensor named '" + name + "' (the file does not match the model config)");
    }
    return t;
  }

  private StorageReader reader(PthTensor t) {
    return new StorageReader(channel, storages.get(t.storageKey()).dataOffset(), order, windowBytes);
  }

  /** The element count, refused before allocating if no Java array or the heap's free space can hold it. */
  private int checkedNumel(PthTensor t, int bytesPer) throws CorruptWeightsException {
    long numel = t.numel(); // no overflow: checked at open
    if (numel > MAX_ARRAY) {
      throw new CorruptWeightsException(file + ": tensor '" + t.name() + "' has " + numel + " values, more than one Java array holds");
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (numel * bytesPer > free) {
      throw new CorruptWeightsException(file + ": tensor '" + t.name() + "' needs " + (numel * bytesPer >> 20) + " MB, more than the " + (free >> 20) + " MB of heap left (raise -Xmx, or the file is forged)");
    }
    return (int) numel;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** Reads every tensor of a (small) file as floats. */
  public static Map<String, TensorData> readAll(Path file) throws IOException {
    return readAll(file, "");
  }

  /** Reads every tensor under {@code prefix} as floats, named relative to it (see {@link #entries(String)}). */
  public static Map<String, TensorData> readAll(Path file, String prefix) throws IOException {
    try (PthFile f = open(file)) {
      Map<String, TensorData> out = new LinkedHashMap<>();
      for (Map.Entry<String, PthTensor> e : f.entries(prefix).entrySet()) {
        out.put(e.getKey(), f.read(e.getValue().name()));
      }
      return out;
    }
  }
}
