package org.ttsvar.tensor.pth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The goldens of tools/parity/make_pth_goldens.py, and hand-made pickles for hostile cases. */
final class Goldens {
  /** The files torch.save wrote, whose values expected.json lists. */
  static final List<String> SAVED = List.of("state_f32.pth", "half.pth", "nested_vae.pth", "from_type.pth");

  private Goldens() {}

  static Path path(String name) {
    try {
      return Path.of(Goldens.class.getResource("/pth/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode expected() {
    try {
      return new ObjectMapper().readTree(path("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip laid out as torch's, with the given pickle and storages (entry name → bytes) under "t/". */
  static byte[] zip(byte[] pickle, Map<String, byte[]> storages) {
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("t/data.pkl", pickle);
    storages.forEach((k, v) -> e.put("t/data/" + k, v));
    e.put("t/version", "3\n".getBytes(StandardCharsets.US_ASCII));
    return TestZip.write(e, false);
  }

  /** Protocol-2 bytes of {"w": _rebuild_tensor_v2(storage('0', type, numel), offset, shape, stride, False, OrderedDict())}. */
  static byte[] tensorPickle(String storageType, long numel, long offset, long[] shape, long[] stride) {
    Pickle p = new Pickle();
    p.op(0x80).op(2).op('}').op('(').str("w");
    p.global("torch._utils", "_rebuild_tensor_v2").op('(');
    p.op('(').str("storage").global("torch", storageType).str("0").str("cpu").integer(numel).op('t').op('Q');
    p.integer(offset).op('(');
    for (long d : shape) {
      p.integer(d);
    }
    p.op('t').op('(');
    for (long s : stride) {
      p.integer(s);
    }
    p.op('t').op(0x89).global("collections", "OrderedDict").op(')').op('R').op('t').op('R').op('u').op('.');
    return p.bytes();
  }

  /** A tiny pickle writer for hand-made (and hostile) pickles. */
  static final class Pickle {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pickle op(int b) {
      out.write(b);
      return this;
    }

    Pickle raw(byte[] b) {
      out.writeBytes(b);
      return this;
    }

    Pickle str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      op('X');
      le32(b.length);
      return raw(b);
    }

    Pickle integer(long v) {
      if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
        op('J');
        return le32((int) v);
      }
      op(0x8a).op(8);
      for (int i = 0; i < 8; i++) {
        op((int) (v >>> (8 * i)) & 0xff);
      }
      return this;
    }

    Pickle global(String module, String name) {
      return op('c').raw((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    Pickle le32(int v) {
      for (int i = 0; i < 4; i++) {
        op((v >>> (8 * i)) & 0xff);
      }
      return this;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
