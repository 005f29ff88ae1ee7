package org.ttsvar.tensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A memory-mapped reader and a writer for the safetensors format: an 8-byte little-endian header
 * length, a JSON header {@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}},
 * then the raw little-endian data. The reader maps each tensor's bytes on demand (no 2 GB limit per
 * file, nothing loaded on the heap until asked), validates every offset against the file size, and
 * converts F16/BF16/F64/integers to F32. A truncated or malformed file fails with a
 * {@link CorruptWeightsException}, never a JVM crash.
 */
public final class SafeTensors implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Headers are read with duplicate names refused. */
  private static final com.fasterxml.jackson.databind.ObjectReader HEADER_READER =
      MAPPER.reader().with(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // only spaces may pad the header
  private static final long MAX_HEADER = 100L << 20;

  /** One entry of the header. */
  public record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    public long numel() {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      return n;
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, Entry> entries;
  private final Map<String, String> metadata;

  private SafeTensors(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.entries = entries;
    this.metadata = metadata;
  }

  /** Opens and validates a safetensors file. */
  public static SafeTensors open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": weight file not found");
    }
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = ch.size();
      String where = file.toString();
      if (size < 8) {
        throw new CorruptWeightsException(where + ": " + size + " bytes, too short to be safetensors (truncated?)" + fix());
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw new CorruptWeightsException(where + ": header length " + headerLen + " does not fit a file of " + size + " bytes (truncated or not safetensors)" + fix());
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(ch, hb, 8);
      JsonNode header;
      String text;
      try { // the format's header is UTF-8; a lenient decoder would turn bad bytes into U+FFFD and read on
        text = StandardCharsets.UTF_8.newDecoder().decode(hb.flip()).toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new CorruptWeightsException(where + ": header is not valid UTF-8" + fix());
      }
      try {
        header = HEADER_READER.readTree(text);
      } catch (com.fasterxml.jackson.core.JsonParseException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate field")) {
          // Jackson would keep the last silently; the format names each tensor once
          throw new CorruptWeightsException(where + ": the header names a tensor twice (" + m + ")" + fix());
        }
        throw new CorruptWeightsException(where + ": header is not valid JSON" + fix());
      } catch (IOException e) {
        throw new CorruptWeightsException(where + ": header is not valid JSON" + fix());
      }
      if (header == null || !header.isObject()) {
        throw new CorruptWeightsException(where + ": header is not a JSON object" + fix());
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, Entry> entries = new LinkedHashMap<>();
      Map<String, String> meta = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        if (f.getKey().equals("__metadata__")) {
          if (!f.getValue().isObject()) {
            throw new CorruptWeightsException(where + ": __metadata__ is not an object of strings" + fix());
          }
          for (Iterator<Map.Entry<String, JsonNode>> m = f.getValue().fields(); m.hasNext(); ) {
            Map.Entry<String, JsonNode> kv = m.next();
            if (!kv.getValue().isTextual()) { // the format's metadata maps strings to strings
              throw new CorruptWeightsException(where + ": __metadata__ entry " + shown(com.fasterxml.jackson.databind.node.TextNode.valueOf(kv.getKey())) + " is not a string" + fix());
            }
            meta.put(kv.getKey(), kv.getValue().asText());
          }
          continue;
        }
        entries.put(f.getKey(), entry(f.getKey(), f.getValue(), dataLen, where));
      }
      requireContiguous(entries, dataLen, where);
      return new SafeTensors(file, ch, dataStart, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(meta));
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static Entry entry(String name, JsonNode n, long dataLen, String where) throws CorruptWeightsException {
    String at = where + ": tensor '" + name + "'";
    JsonNode dtype = n.get("dtype");
    JsonNode shape = n.get("shape");
    JsonNode offsets = n.get("data_offsets");
    if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null || !offsets.isArray() || offsets.size() != 2) {
      throw new CorruptWeightsException(at + " has a malformed header entry" + fix());
    }
    long[] dims = new long[shape.size()];
    long numel = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = integer(shape.get(i), at, "a dimension");
      if (dims[i] < 0) {
        throw new CorruptWeightsException(at + " has a negative dimension" + fix());
      }
      // a forged shape whose product wraps around 64 bits could otherwise pass for a small tensor
      numel = multiply(numel, dims[i], at);
    }
    DType t = DType.parse(dtype.asText(), at);
    long begin = integer(offsets.get(0), at, "an offset");
    long end = integer(offsets.get(1), at, "an offset");
    if (begin < 0 || end < begin || end > dataLen) {
      throw new CorruptWeightsException(at + " lies outside the file's data (" + begin + ".." + end + " of " + dataLen + " bytes): the file is truncated" + fix());
    }
    if (end - begin != multiply(numel, t.bytes(), at)) {
      throw new CorruptWeightsException(at + " has " + (end - begin) + " bytes for " + numel + " " + t + " values" + fix());
    }
    return new Entry(name, t, dims, begin, end);
  }

  /** A header number that must be a whole number within 64 bits (not 2.5, "3" or 1e30). */
  private static long integer(JsonNode n, String at, String what) throws CorruptWeightsException {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new CorruptWeightsException(at + " has " + what + " that is not a 64-bit integer (" + shown(n) + ")" + fix());
    }
    return n.asLong();
  }

  /** A header value as JSON (control characters escaped), cut short: it came from the file. */
  private static String shown(JsonNode n) {
    String t = String.valueOf(n);
    return t.length() > 40 ? t.substring(0, 40) + "…" : t;
  }

  private static long multiply(long a, long b, String at) throws CorruptWeightsException {
    try {
      return Math.multiplyExact(a, b);
    } catch (ArithmeticException e) {
      throw new CorruptWeightsException(at + " has a shape whose size overflows 64 bits" + fix());
    }
  }

  /**
   * The format's rule: the tensors' byte ranges, in order, tile the data exactly: no overlap (two
   * tensors reading the same bytes), no hole, no bytes left over after the last.
   */
  private static void requireContiguous(Map<String, Entry> entries, long dataLen, String where) throws CorruptWeightsException {
    List<Entry> sorted = new java.util.ArrayList<>(entries.values());
    sorted.sort(java.util.Comparator.comparingLong((Entry e) -> e.begin).thenComparingLong(e -> e.end));
    long at = 0;
    Entry prev = null;
    for (Entry e : sorted) {
      if (e.begin < at) {
        throw new CorruptWeightsException(where + ": tensors '" + prev.name + "' and '" + e.name + "' overlap (bytes " + e.begin + ".." + Math.min(at, e.end)
            + " belong to both)" + fix());
      }
      if (e.begin > at) {
        throw new CorruptWeightsException(where + ": the data has a hole (bytes " + at + ".." + e.begin + " belong to no tensor, before '" + e.name + "')" + fix());
      }
      at = e.end;
      prev = e;
    }
    if (at != dataLen) {
      throw new CorruptWeightsException(where + ": " + (dataLen - at) + " bytes after the last tensor belong to no tensor (the tensors end at " + at + " of "
          + dataLen + " data bytes)" + fix());
    }
  }

  /**
   * {@link #readAll}, for model parameters: every tensor must be stored as a floating-point dtype (an
   * integer dtype is a relabelled or foreign file; read as numbers, its bits would be garbage weights).
   */
  public static Map<String, TensorData> readAllParameters(Path file) throws IOException {
    try (SafeTensors st = open(file)) {
      for (Entry e : st.entries.values()) {
        if (e.dtype != DType.F32 && e.dtype != DType.F16 && e.dtype != DType.BF16 && e.dtype != DType.F64) {
          throw new CorruptWeightsException(file + ": tensor '" + e.name + "' is stored as " + e.dtype
              + ", but model parameters are floating point (F32, F16, BF16 or F64); the file was altered or is not a weight file" + fix());
        }
      }
      Map<String, TensorData> out = new LinkedHashMap<>();
      for (String name : List.copyOf(st.entries.keySet())) {
        out.put(name, st.read(name));
      }
      return out;
    }
  }

  private static String fix() {
    return "; restore the file from the repository (git checkout -- <file>) or retrain it";
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        throw new CorruptWeightsException("unexpected end of file");
      }
      pos += r;
    }
  }

  public Path file() {
    return file;
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public boolean has(String name) {
    return entries.containsKey(name);
  }

  /** The tensor's values as floats, converted from its stored dtype. */
  public TensorData read(String name) throws IOException {
    Entry e = entries.get(name);
    if (e == null) {
      throw new CorruptWeightsException(file + ": no tensor named '" + name + "' (the file does not match the model config)" + fix());
    }
    long len = e.end - e.begin;
    if (e.numel() > Integer.MAX_VALUE) {
      throw new CorruptWeightsException(file + ": tensor '" + name + "' has " + e.numel() + " values, more than one Java array holds");
    }
    float[] out = new float[(int) e.numel()];
    if (len == 0) {
      return new TensorData(e.shape.clone(), out);
    }
    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, len);
    map.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (e.dtype) {
            case F32 -> map.getFloat();
            case F64 -> (float) map.getDouble();
            case F16 -> halfToFloat(map.getShort());
            case BF16 -> Float.intBitsToFloat((map.getShort() & 0xffff) << 16);
            case I64 -> map.getLong();
            case I32 -> map.getInt();
            case I16 -> map.getShort();
            case I8 -> map.get();
            case U8, BOOL -> map.get() & 0xff;
          };
    }
    return new TensorData(e.shape.clone(), out);
  }

  /** Float to IEEE 754 binary16, round to nearest even; overflow gives ±∞, NaN stays NaN. */
  static short floatToHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000; // implicit leading one
      int shift = 14 - e;
      int half = m >> shift;
      int rest = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rest > mid || (rest == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >> 13);
    int rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
      half++; // may carry into the exponent, which is still correct (up to ∞)
    }
    return (short) (sign | half);
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  public static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13)); // inf or NaN
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // subnormal (or zero)
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Writes tensors as F32 (names in sorted order, as the reference implementation does) with string
   * metadata, atomically: a crash leaves the previous file intact.
   */
  public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
    write(file, tensors, metadata, DType.F32);
  }

  /**
   * Writes tensors as F32 or F16 (F16 halves the size of shipped weights; values are rounded to the
   * nearest half, ties to even).
   */
  public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata, DType dtype) throws IOException {
    if (dtype != DType.F32 && dtype != DType.F16) {
      throw new IllegalArgumentException("can write F32 or F16, not " + dtype);
    }
    // a rename replaces whatever the name held: refuse a device, FIFO or folder; write through a link
    if (Files.isSymbolicLink(file)) {
      file = file.toRealPath();
    }
    if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("could not write " + file + ": it exists and is not a regular file (a folder, a device or a pipe); choose another output");
    }
    Map<String, TensorData> sorted = new TreeMap<>(tensors);
    ObjectNode header = MAPPER.createObjectNode();
    if (metadata != null && !metadata.isEmpty()) {
      ObjectNode m = header.putObject("__metadata__");
      new TreeMap<>(metadata).forEach(m::put);
    }
    long offset = 0;
    for (Map.Entry<String, TensorData> e : sorted.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", dtype.name());
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long len = e.getValue().size() * dtype.bytes();
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] json = MAPPER.writeValueAsBytes(header);
    int padded = (json.length + 7) / 8 * 8; // align the data to 8 bytes, padding with spaces
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // not Files.createTempFile: its 0600 would outlive the rename; a plain new file gets 0666 less the umask
    Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
    Files.createFile(tmp);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
      head.putLong(padded).put(json);
      while (head.hasRemaining()) {
        head.put((byte) ' ');
      }
      head.flip();
      writeFully(ch, head);
      ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (TensorData t : sorted.values()) {
        for (float v : t.values()) {
          if (chunk.remaining() < 4) {
            chunk.flip();
            writeFully(ch, chunk);
            chunk.clear();
          }
          if (dtype == DType.F32) {
            chunk.putFloat(v);
          } else {
            chunk.putShort(floatToHalf(v));
          }
        }
      }
      chunk.flip();
      writeFully(ch, chunk);
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw new IOException("could not write " + file + ": " + e.getMessage() + " (is the disk full?)", e);
    }
    try {
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /** Reads every tensor of a file into host memory (for small model files). */
  public static Map<String, TensorData> readAll(Path file) throws IOException {
    try (SafeTensors st = open(file)) {
      Map<String, TensorData> out = new LinkedHashMap<>();
      for (String name : List.copyOf(st.entries.keySet())) {
        out.put(name, st.read(name));
      }
      return out;
    }
  }
}
