package org.ttsvar.tensor.pth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/** Reads and writes STORED zips for tests, optionally in ZIP64 form (as an 8 GB checkpoint is). */
final class TestZip {
  private TestZip() {}

  /** The entries of a zip (via the JDK), in order. */
  static Map<String, byte[]> read(Path zip) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
      for (var e : java.util.Collections.list(z.entries())) {
        out.put(e.getName(), z.getInputStream(e).readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Writes STORED entries; with {@code zip64}, sizes and offsets go in ZIP64 extra fields and a ZIP64 end record. */
  static byte[] write(Map<String, byte[]> entries, boolean zip64) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ByteArrayOutputStream cd = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      byte[] data = e.getValue();
      CRC32 crc = new CRC32();
      crc.update(data);
      long offset = file.size();
      // local header, with 3 bytes of padding in its extra field (torch aligns data the same way)
      ByteBuffer lh = le(30 + name.length + 7);
      lh.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) crc.getValue());
      lh.putInt(data.length).putInt(data.length).putShort((short) name.length).putShort((short) 7).put(name);
      lh.putShort((short) 0xcafe).putShort((short) 3).put(new byte[3]);
      file.writeBytes(lh.array());
      file.writeBytes(data);
      ByteBuffer ch = le(46 + name.length + (zip64 ? 28 : 0));
      ch.putInt(0x02014b50).putShort((short) 45).putShort((short) 45).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) crc.getValue());
      ch.putInt(zip64 ? -1 : data.length).putInt(zip64 ? -1 : data.length);
      ch.putShort((short) name.length).putShort((short) (zip64 ? 28 : 0)).putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0);
      ch.putInt(zip64 ? -1 : (int) offset).put(name);
      if (zip64) {
        ch.putShort((short) 1).putShort((short) 24).putLong(data.length).putLong(data.length).putLong(offset);
      }
      cd.writeBytes(ch.array());
    }
    long cdOffset = file.size();
    file.writeBytes(cd.toByteArray());
    int n = entries.size();
    if (zip64) {
      long z64 = file.size();
      ByteBuffer r = le(56 + 20);
      r.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0);
      r.putLong(n).putLong(n).putLong(cd.size()).putLong(cdOffset);
      r.putInt(0x07064b50).putInt(0).putLong(z64).putInt(1);
      file.writeBytes(r.array());
    }
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) (zip64 ? -1 : n)).putShort((short) (zip64 ? -1 : n));
    end.putInt(zip64 ? -1 : cd.size()).putInt(zip64 ? -1 : (int) cdOffset).putShort((short) 0);
    file.writeBytes(end.array());
    return file.toByteArray();
  }

  static Path write(Path to, Map<String, byte[]> entries, boolean zip64) throws IOException {
    Files.write(to, write(entries, zip64));
    return to;
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
