package org.ttsvar.tensor.pth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.DType;
import org.ttsvar.tensor.TensorData;

class PthFileTest {
  @TempDir Path dir;

  @Test
  void readsEveryGoldenAsTorchReadsIt() throws IOException {
    JsonNode expected = Goldens.expected();
    int tensors = 0;
    for (String file : Goldens.SAVED) {
      JsonNode exp = expected.get(file);
      try (PthFile f = PthFile.open(Goldens.path(file))) {
        List<String> names = new ArrayList<>();
        exp.get("tensors").fieldNames().forEachRemaining(names::add);
        assertThat(f.entries().keySet()).as(file).containsExactlyInAnyOrderElementsOf(names);
        for (String name : names) {
          JsonNode e = exp.get("tensors").get(name);
          PthTensor t = f.entries().get(name);
          assertThat(t.dtype()).as(name).isEqualTo(DType.valueOf(e.get("dtype").asText()));
          assertThat(t.shape()).as(name).containsExactly(longs(e.get("shape")));
          TensorData d = f.read(name);
          assertThat(d.shape()).as(name).containsExactly(longs(e.get("shape")));
          assertThat(d.values()).as(file + " " + name).containsExactly(floats(e.get("values")));
          if (e.has("longs")) {
            assertThat(f.readLongs(name)).as(name).containsExactly(longs(e.get("longs")));
          }
          tensors++;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = exp.get("metadata").fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> m = it.next();
          String want = m.getValue().isNull() ? "None" : m.getValue().asText();
          String got = f.metadata().get(m.getKey());
          if (want.matches("-?[0-9]*\\.[0-9eE+-]*")) {
            assertThat(Double.parseDouble(got)).as(m.getKey()).isEqualTo(Double.parseDouble(want));
          } else {
            assertThat(got).as(m.getKey()).isEqualTo(want);
          }
        }
        assertThat(f.metadata()).hasSize(exp.get("metadata").size());
      }
    }
    assertThat(tensors).isEqualTo(28);
  }

  @Test
  void listsNamesShapesStridesAndSharedStoragesWithoutReading() throws IOException {
    try (PthFile f = PthFile.open(Goldens.path("state_f32.pth"))) {
      PthTensor w = f.entries().get("lin.weight");
      PthTensor wt = f.entries().get("lin.weight_t");
      assertThat(wt.shape()).containsExactly(4, 3);
      assertThat(wt.stride()).containsExactly(1, 4);
      assertThat(wt.contiguous()).isFalse();
      assertThat(w.contiguous()).isTrue();
      assertThat(wt.storageKey()).isEqualTo(w.storageKey());
      PthTensor slice = f.entries().get("grid_slice");
      assertThat(slice.storageOffset()).isEqualTo(6);
      assertThat(slice.storageKey()).isEqualTo(f.entries().get("grid").storageKey());
      assertThat(f.entries().get("expanded").stride()).containsExactly(0, 1);
      assertThat(f.entries().get("bn.num_batches_tracked").shape()).isEmpty();
      assertThat(f.entries().get("bn.num_batches_tracked").integral()).isTrue();
      assertThat(f.readLongs("big_long")).containsExactly((1L << 40) + 1, -5);
      assertThatThrownBy(() -> f.readLongs("grid")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not integers");
      assertThatThrownBy(() -> f.read("nope")).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("no tensor named 'nope'");
    }
  }

  @Test
  void picksASubDictSuchAsTheVaeStateDict() throws IOException {
    try (PthFile f = PthFile.open(Goldens.path("nested_vae.pth"))) {
      assertThat(f.entries("vae").keySet()).containsExactly("encoder.conv_in.weight", "encoder.conv_in.bias", "decoder.norm.weight");
      assertThat(f.entries("vae").get("decoder.norm.weight").dtype()).isEqualTo(DType.BF16);
      assertThat(f.entries("ema").keySet()).containsExactly("encoder.conv_in.bias");
      assertThat(f.metadata()).containsEntry("epoch", "3").containsEntry("step", "1099511627776").containsEntry("name", "d32reg");
      assertThat(f.metadata()).containsEntry("flag", "True").containsEntry("nothing", "None").containsEntry("betas.1", "0.99").containsEntry("milestones.0", "10");
    }
    Map<String, TensorData> vae = PthFile.readAll(Goldens.path("nested_vae.pth"), "vae");
    assertThat(vae.get("encoder.conv_in.weight").shape()).containsExactly(2, 1, 3, 3);
  }

  @Test
  void smallMappingWindowsGiveTheSameValues() throws IOException {
    for (String file : Goldens.SAVED) {
      Map<String, TensorData> whole = PthFile.readAll(Goldens.path(file));
      for (long window : new long[] {8, 12, 24}) {
        try (PthFile f = PthFile.open(Goldens.path(file), window)) {
          for (String name : f.entries().keySet()) {
            assertThat(f.read(name).values()).as(file + " " + name + " window " + window).containsExactly(whole.get(name).values());
          }
        }
      }
    }
  }

  @Test
  void readsZip64Archives() throws IOException {
    Map<String, byte[]> entries = TestZip.read(Goldens.path("state_f32.pth"));
    Path z64 = TestZip.write(dir.resolve("z64.pth"), entries, true);
    Map<String, TensorData> want = PthFile.readAll(Goldens.path("state_f32.pth"));
    Map<String, TensorData> got = PthFile.readAll(z64);
    assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
    want.forEach((name, t) -> assertThat(got.get(name).values()).as(name).containsExactly(t.values()));
  }

  @Test
  void honoursABigEndianByteOrderEntry() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3.25f);
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("t/data.pkl", Goldens.tensorPickle("FloatStorage", 3, 1, new long[] {2}, new long[] {1}));
    e.put("t/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
    e.put("t/data/0", data.array());
    Path f = TestZip.write(dir.resolve("be.pth"), e, false);
    assertThat(PthFile.readAll(f).get("w").values()).containsExactly(-2f, 3.25f);
  }

  @Test
  void refusesForeignGlobalsNamingThemAndTheFile() {
    assertThatThrownBy(() -> PthFile.open(Goldens.path("hostile_os_system.pth")))
        .isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("hostile_os_system.pth")
        .hasMessageContaining("'os.system'")
        .hasMessageContaining("never runs code")
        .hasMessageContaining("torch.save(c['model'], 'model-only.pth')");
    assertThatThrownBy(() -> PthFile.open(Goldens.path("hostile_eval.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("'builtins.eval'");
    assertThatThrownBy(() -> PthFile.open(Goldens.path("with_args.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("'argparse.Namespace'");
    // STACK_GLOBAL (protocol 4) and a foreign global used as a storage type are refused the same way
    byte[] stack = new Goldens.Pickle().op(0x80).op(4).str("posix").str("system").op(0x93).str("id").op(0x85).op('R').op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(stack, Map.of()))).hasMessageContaining("'posix.system'");
    byte[] storage = Goldens.tensorPickle("FloatStorage", 3, 0, new long[] {3}, new long[] {1});
    byte[] forged = new String(storage, StandardCharsets.ISO_8859_1).replace("torch\nFloatStorage", "subprocess\nPopen").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> open(Goldens.zip(forged, Map.of("0", new byte[12])))).hasMessageContaining("'subprocess.Popen'");
  }

  @Test
  void brokenFilesFailWithAMessageNamingTheProblem() throws IOException {
    assertThatThrownBy(() -> PthFile.open(Goldens.path("truncated.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("truncated.pth").hasMessageContaining("truncated");
    assertThatThrownBy(() -> PthFile.open(Goldens.path("short_storage.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("lin.weight").hasMessageContaining("claims 12 F32 values but its entry has 8 bytes");
    assertThatThrownBy(() -> PthFile.open(Goldens.path("missing_storage.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("missing_storage/data/1, which the zip lacks");
    Path text = dir.resolve("text.pth");
    Files.writeString(text, "not a checkpoint, just some text long enough");
    assertThatThrownBy(() -> PthFile.open(text)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not a zip-format PyTorch checkpoint");
    Path legacy = dir.resolve("legacy.pth");
    Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19});
    assertThatThrownBy(() -> PthFile.open(legacy)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("legacy (pre-1.6) format");
    assertThatThrownBy(() -> PthFile.open(dir.resolve("absent.pth"))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not found");
    Map<String, byte[]> noPickle = new LinkedHashMap<>(TestZip.read(Goldens.path("half.pth")));
    noPickle.remove("half/data.pkl");
    assertThatThrownBy(() -> PthFile.open(TestZip.write(dir.resolve("np.pth"), noPickle, false))).hasMessageContaining("without <archive>/data.pkl");
  }

  @Test
  void offsetsShapesAndStridesBeyondTheStorageAreRefused() {
    byte[] twelve = new byte[12];
    // offset 2 + 2 elements reaches element 3 of a 3-element storage
    assertThatThrownBy(() -> open(Goldens.zip(Goldens.tensorPickle("FloatStorage", 3, 2, new long[] {2}, new long[] {1}), Map.of("0", twelve)))).hasMessageContaining("reaches element 3 of a storage of 3 F32 values");
    // a transpose whose stride overshoots
    assertThatThrownBy(() -> open(Goldens.zip(Goldens.tensorPickle("FloatStorage", 3, 0, new long[] {2, 2}, new long[] {1, 3}), Map.of("0", twelve)))).hasMessageContaining("reaches element 4");
    // sizes whose product overflows
    assertThatThrownBy(() -> open(Goldens.zip(Goldens.tensorPickle("FloatStorage", 3, 0, new long[] {1L << 40, 1L << 40}, new long[] {0, 0}), Map.of("0", twelve)))).hasMessageContaining("overflow");
    // a huge element count in the persistent id, checked against the entry before anything is allocated
    assertThatThrownBy(() -> open(Goldens.zip(Goldens.tensorPickle("FloatStorage", 1L << 40, 0, new long[] {3}, new long[] {1}), Map.of("0", twelve)))).hasMessageContaining("claims 1099511627776 F32 values");
    // stride 0 over a huge size: legal torch, but refused before allocating more than the heap holds
    byte[] expand = Goldens.tensorPickle("FloatStorage", 3, 0, new long[] {1L << 40}, new long[] {0});
    assertThatThrownBy(() -> {
          try (PthFile f = open(Goldens.zip(expand, Map.of("0", twelve)))) {
            f.read("w");
          }
        })
        .hasMessageContaining("more than one Java array holds");
    // an element type torch does not have
    assertThatThrownBy(() -> open(Goldens.zip(Goldens.tensorPickle("QInt8Storage", 3, 0, new long[] {3}, new long[] {1}), Map.of("0", twelve)))).hasMessageContaining("'torch.QInt8Storage'");
  }

  @Test
  void forgedLengthsCyclesAndBlowUpsInThePickleAreRefused() throws IOException {
    byte[] longString = new Goldens.Pickle().op(0x80).op(2).op('X').le32(Integer.MAX_VALUE).op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(longString, Map.of()))).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("declares a length of 2147483647 bytes");
    // a list that contains itself
    byte[] cycle = new Goldens.Pickle().op(0x80).op(2).op(']').op('q').op(0).op('h').op(0).op('a').op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(cycle, Map.of()))).hasMessageContaining("nested more than 100 deep");
    // 40 levels of [x, x]: 2^40 leaves if walked naively
    Goldens.Pickle blowUp = new Goldens.Pickle().op(0x80).op(2).op(']');
    for (int i = 0; i < 40; i++) {
      blowUp.op('q').op(0).op('0').op('(').op('h').op(0).op('h').op(0).op('l');
    }
    byte[] blow = blowUp.op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(blow, Map.of()))).hasMessageContaining("more than 10000000 parts");
    byte[] badOp = new Goldens.Pickle().op(0x80).op(2).op('I').raw("1\n".getBytes(StandardCharsets.US_ASCII)).op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(badOp, Map.of()))).hasMessageContaining("opcode 0x49 ('I')");
    byte[] listKey = new Goldens.Pickle().op(0x80).op(2).op('}').op(']').op('N').op('s').op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(listKey, Map.of()))).hasMessageContaining("dict key that is a list");
    byte[] bareTensor = new Goldens.Pickle().op(0x80).op(2).op('N').op('.').bytes();
    assertThatThrownBy(() -> open(Goldens.zip(bareTensor, Map.of()))).hasMessageContaining("holds a None, not a dict of tensors");
    // a forged central directory size in the end record
    byte[] ok = Files.readAllBytes(Goldens.path("half.pth"));
    ByteBuffer b = ByteBuffer.wrap(ok).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(ok.length - 22 + 12, Integer.MAX_VALUE);
    assertThatThrownBy(() -> open(ok)).hasMessageContaining("central directory");
  }

  @Test
  void refusesCompressedEntries() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : TestZip.read(Goldens.path("half.pth")).entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    assertThatThrownBy(() -> open(bytes.toByteArray())).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("is compressed (method 8)");
  }

  private PthFile open(byte[] zip) throws IOException {
    Path f = Files.createTempFile(dir, "t", ".pth");
    Files.write(f, zip);
    return PthFile.open(f);
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  private static float[] floats(JsonNode a) {
    float[] out = new float[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) a.get(i).asDouble();
    }
    return out;
  }
}
