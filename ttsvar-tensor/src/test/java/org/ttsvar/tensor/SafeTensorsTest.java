package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void roundTripKeepsNamesShapesValuesAndMetadata() throws IOException {
    Map<String, TensorData> t = new LinkedHashMap<>();
    t.put("b.weight", new TensorData(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
    t.put("a.bias", new TensorData(new long[] {1}, new float[] {Float.MIN_VALUE}));
    t.put("empty", new TensorData(new long[] {0, 4}, new float[0]));
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, t, Map.of("config", "{\"d\": 8}"));
    try (SafeTensors st = SafeTensors.open(f)) {
      assertThat(st.entries().keySet()).containsExactly("a.bias", "b.weight", "empty");
      assertThat(st.metadata()).containsEntry("config", "{\"d\": 8}");
      assertThat(st.read("b.weight").shape()).containsExactly(2, 3);
      assertThat(st.read("b.weight").values()).containsExactly(1, 2, 3, 4, 5, -6.5f);
      assertThat(st.read("a.bias").values()).containsExactly(Float.MIN_VALUE);
      assertThat(st.read("empty").values()).isEmpty();
    }
    // the data section starts 8-byte aligned, as the reference implementation requires
    long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLen % 8).isZero();
  }

  @Test
  void readsHalfAndBfloatAndIntegerTypesAsFloats() throws IOException {
    // F16 1.0 = 0x3C00, −2.5 = 0xC100, 65504 = 0x7BFF; BF16 1.0 = 0x3F80, −3.0 = 0xC040; I64 7
    ByteBuffer data = ByteBuffer.allocate(6 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort((short) 0x3C00).putShort((short) 0xC100).putShort((short) 0x7BFF);
    data.putShort((short) 0x3F80).putShort((short) 0xC040);
    data.putLong(7);
    String header =
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
            + "\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[10,18]}}";
    Path f = write(header, data.array());
    try (SafeTensors st = SafeTensors.open(f)) {
      assertThat(st.read("h").values()).containsExactly(1f, -2.5f, 65504f);
      assertThat(st.read("b").values()).containsExactly(1f, -3f);
      assertThat(st.read("i").values()).containsExactly(7f);
    }
    assertThat(SafeTensors.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(SafeTensors.halfToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
  }

  @Test
  void truncatedFileFailsWithAClearMessage() throws IOException {
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, Map.of("w", new TensorData(new long[] {100}, new float[100])), Map.of());
    byte[] all = Files.readAllBytes(f);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(all, all.length - 10));
    assertThatThrownBy(() -> SafeTensors.open(cut)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("truncated").hasMessageContaining("cut.safetensors");
    Files.write(cut, Arrays.copyOf(all, 5));
    assertThatThrownBy(() -> SafeTensors.open(cut)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("too short");
    Files.write(cut, Arrays.copyOf(all, 30));
    assertThatThrownBy(() -> SafeTensors.open(cut)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("header length");
  }

  @Test
  void garbageAndMismatchedEntriesAreRejected() throws IOException {
    Path garbage = dir.resolve("g.safetensors");
    Files.write(garbage, "this is not a weight file at all, just text".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SafeTensors.open(garbage)).isInstanceOf(CorruptWeightsException.class);
    Path wrongBytes = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
    assertThatThrownBy(() -> SafeTensors.open(wrongBytes)).hasMessageContaining("8 bytes for 3 F32 values");
    Path badType = write("{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
    assertThatThrownBy(() -> SafeTensors.open(badType)).hasMessageContaining("unsupported dtype 'Q4'");
    Path notJson = write("{\"w\": [", new byte[0]);
    assertThatThrownBy(() -> SafeTensors.open(notJson)).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> SafeTensors.open(dir.resolve("missing.safetensors"))).hasMessageContaining("not found");
  }

  /** Issue 25, finding 3: the format's own rules on offsets, names and dtypes. */
  @Test
  void overlappingOffsetsHolesLeftoverBytesAreRefused() throws IOException {
    String f32x2 = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":";
    Path overlap = write("{\"a\":" + f32x2 + "[0,8]},\"b\":" + f32x2 + "[0,8]}}", new byte[8]);
    assertThatThrownBy(() -> SafeTensors.open(overlap)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("overlap").hasMessageContaining("'a'")
        .hasMessageContaining("'b'");
    Path partial = write("{\"a\":" + f32x2 + "[0,8]},\"b\":" + f32x2 + "[4,12]}}", new byte[12]);
    assertThatThrownBy(() -> SafeTensors.open(partial)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("overlap");
    Path hole = write("{\"a\":" + f32x2 + "[0,8]},\"b\":" + f32x2 + "[12,20]}}", new byte[20]);
    assertThatThrownBy(() -> SafeTensors.open(hole)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("hole").hasMessageContaining("8..12");
    Path leftover = write("{\"a\":" + f32x2 + "[0,8]}}", new byte[12]);
    assertThatThrownBy(() -> SafeTensors.open(leftover)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("4 bytes after the last tensor");
    Path notFromZero = write("{\"a\":" + f32x2 + "[4,12]}}", new byte[12]);
    assertThatThrownBy(() -> SafeTensors.open(notFromZero)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("hole");
    // written by us, with an empty tensor in the middle: still valid
    Map<String, TensorData> t = new LinkedHashMap<>();
    t.put("a", new TensorData(new long[] {2}, new float[] {1, 2}));
    t.put("b", new TensorData(new long[] {0}, new float[0]));
    t.put("c", new TensorData(new long[] {1}, new float[] {3}));
    Path ok = dir.resolve("ok.safetensors");
    SafeTensors.write(ok, t, Map.of(), DType.F16);
    assertThat(SafeTensors.readAllParameters(ok).get("c").values()).containsExactly(3f);
  }

  @Test
  void duplicateNamesAreRefused() throws IOException {
    String e = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":";
    Path dup = write("{\"w\":" + e + "[0,4]},\"w\":" + e + "[4,8]}}", new byte[8]);
    assertThatThrownBy(() -> SafeTensors.open(dup)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("names a tensor twice").hasMessageContaining("w");
  }

  @Test
  void halfPrecisionRelabelledAsIntegersIsRefusedAsParameters() throws IOException {
    Path f = dir.resolve("w.safetensors");
    SafeTensors.write(f, Map.of("w", new TensorData(new long[] {3}, new float[] {1, 2, 3})), Map.of(), DType.F16);
    byte[] all = Files.readAllBytes(f);
    String text = new String(all, StandardCharsets.ISO_8859_1).replace("\"F16\"", "\"I16\"");
    Path relabelled = dir.resolve("i16.safetensors");
    Files.write(relabelled, text.getBytes(StandardCharsets.ISO_8859_1));
    assertThatThrownBy(() -> SafeTensors.readAllParameters(relabelled)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("'w' is stored as I16").hasMessageContaining("floating point");
    assertThat(SafeTensors.readAllParameters(f).get("w").values()).containsExactly(1f, 2f, 3f);
  }

  /** Issue 25 (fuzzing): a shape whose product wraps around 64 bits passed for an empty tensor. */
  @Test
  void aShapeWhoseSizeOverflowsIsRefused() throws IOException {
    Path wrapped = write("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]}}", new byte[0]);
    assertThatThrownBy(() -> SafeTensors.open(wrapped)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining(wrapped.toString())
        .hasMessageContaining("'w' has a shape whose size overflows 64 bits");
    Path bytesWrap = write("{\"w\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,0]}}", new byte[0]); // 2^61 × 8 bytes = 2^64
    assertThatThrownBy(() -> SafeTensors.open(bytesWrap)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("overflows 64 bits");
    assertThatThrownBy(() -> new TensorData(new long[] {1L << 32, 1L << 32}, new float[0])).isInstanceOf(IllegalArgumentException.class);
  }

  /** Issue 25 (fuzzing): the header is strict JSON in UTF-8, padded with spaces only, numbers whole, metadata strings. */
  @Test
  void aLooseHeaderIsRefused() throws IOException {
    String w = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    assertThat(SafeTensors.open(write(w + "    ", new byte[4])).entries()).containsKey("w"); // the writers' padding
    Path trailing = write(w + "{}", new byte[4]);
    assertThatThrownBy(() -> SafeTensors.open(trailing)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not valid JSON");
    byte[] latin1 = w.replace("\"w\"", "\"w\u00e9\"").getBytes(StandardCharsets.ISO_8859_1); // é as one byte: not UTF-8
    Path notUtf8 = write(latin1, new byte[4]);
    assertThatThrownBy(() -> SafeTensors.open(notUtf8)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not valid UTF-8");
    for (String dim : new String[] {"\"1\"", "1.0", "1e0", "true", "18446744073709551616"}) {
      Path f = write(w.replace("[1]", "[" + dim + "]"), new byte[4]);
      assertThatThrownBy(() -> SafeTensors.open(f)).as(dim).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not a 64-bit integer");
    }
    Path offset = write(w.replace("[0,4]", "[0,4.0]"), new byte[4]);
    assertThatThrownBy(() -> SafeTensors.open(offset)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("an offset that is not a 64-bit integer");
    Path meta = write("{\"__metadata__\":{\"step\":12}," + w.substring(1), new byte[4]);
    assertThatThrownBy(() -> SafeTensors.open(meta)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("__metadata__ entry \"step\" is not a string");
    Path metaList = write("{\"__metadata__\":[]," + w.substring(1), new byte[4]);
    assertThatThrownBy(() -> SafeTensors.open(metaList)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("__metadata__ is not an object");
  }

  private Path write(String header, byte[] data) throws IOException {
    return write(header.getBytes(StandardCharsets.UTF_8), data);
  }

  private Path write(byte[] h, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).put(data);
    Path f = Files.createTempFile(dir, "t", ".safetensors");
    Files.write(f, b.array());
    return f;
  }
}
