package org.ttsvar.tensor.pth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * The entries of a zip archive as torch.save writes it: uncompressed (STORED) entries whose data
 * can be memory-mapped where they lie. Reads the end-of-central-directory record (ZIP64 too: an
 * 8 GB checkpoint needs it), the central directory and each entry's local header, and checks every
 * offset and size against the file's real size before anything is allocated from them.
 */
final class ZipIndex {
  /** One entry: where its bytes start in the file and how many there are. */
  record Entry(String name, long dataOffset, long size, int crc) {}

  private static final int EOCD = 0x06054b50;
  private static final int ZIP64_LOCATOR = 0x07064b50;
  private static final int ZIP64_EOCD = 0x06064b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int LOCAL = 0x04034b50;
  private static final int EOCD_SIZE = 22;
  private static final int CENTRAL_SIZE = 46;
  private static final int LOCAL_SIZE = 30;
  private static final long MAX_CENTRAL = 256L << 20;

  private final Map<String, Entry> entries;

  private ZipIndex(Map<String, Entry> entries) {
    this.entries = entries;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** Indexes the archive in {@code ch}; {@code where} names the file in messages. */
  static ZipIndex read(FileChannel ch, String where) throws IOException {
    long size = ch.size();
    if (size < EOCD_SIZE) {
      throw new CorruptWeightsException(where + ": " + size + " bytes, too short to be a PyTorch zip checkpoint (truncated?)");
    }
    // the end record sits in the last 22 bytes plus at most a 65,535-byte comment
    int tailLen = (int) Math.min(size, EOCD_SIZE + 0xffff);
    ByteBuffer tail = readAt(ch, size - tailLen, tailLen);
    int at = -1;
    for (int i = tailLen - EOCD_SIZE; i >= 0; i--) {
      if (tail.getInt(i) == EOCD && i + EOCD_SIZE + (tail.getShort(i + 20) & 0xffff) == tailLen) {
        at = i;
        break;
      }
    }
    if (at < 0) {
      throw new CorruptWeightsException(where + ": no zip end record: not a zip-format PyTorch checkpoint, or truncated");
    }
    long eocdPos = size - tailLen + at;
    long count = tail.getShort(at + 10) & 0xffff;
    long cdSize = tail.getInt(at + 12) & 0xffffffffL;
    long cdOffset = tail.getInt(at + 16) & 0xffffffffL;
    if (eocdPos >= 20 && readAt(ch, eocdPos - 20, 20).getInt(0) == ZIP64_LOCATOR) {
      long z64 = readAt(ch, eocdPos - 20, 20).getLong(8);
      if (z64 < 0 || z64 + 56 > eocdPos) {
        throw new CorruptWeightsException(where + ": ZIP64 end record offset " + z64 + " lies outside the file (truncated?)");
      }
      ByteBuffer b = readAt(ch, z64, 56);
      if (b.getInt(0) != ZIP64_EOCD) {
        throw new CorruptWeightsException(where + ": ZIP64 end record not found where the locator points");
      }
      // where the classic record has a real value (not 0xFFFF…), both records must agree
      if ((count != 0xffff && count != b.getLong(32)) || (cdSize != 0xffffffffL && cdSize != b.getLong(40)) || (cdOffset != 0xffffffffL && cdOffset != b.getLong(48))) {
        throw new CorruptWeightsException(where + ": the zip's two end records disagree about the central directory: the file is corrupt");
      }
      count = b.getLong(32);
      cdSize = b.getLong(40);
      cdOffset = b.getLong(48);
    }
    if (cdOffset < 0 || cdSize < 0 || cdSize > MAX_CENTRAL || cdOffset + cdSize > eocdPos) {
      throw new CorruptWeightsException(where + ": zip central directory (" + cdSize + " bytes at " + cdOffset + ") does not fit the file of " + size + " bytes (truncated?)");
    }
    if (count < 0 || count > cdSize / CENTRAL_SIZE) {
      throw new CorruptWeightsException(where + ": zip claims " + count + " entries in a " + cdSize + "-byte central directory");
    }
    ByteBuffer cd = readAt(ch, cdOffset, (int) cdSize);
    Map<String, Entry> out = new LinkedHashMap<>();
    int p = 0;
    for (long i = 0; i < count; i++) {
      Entry e = central(ch, cd, p, size, where);
      if (out.put(e.name, e) != null) {
        throw new CorruptWeightsException(where + ": zip entry '" + e.name + "' appears twice");
      }
      p += CENTRAL_SIZE + (cd.getShort(p + 28) & 0xffff) + (cd.getShort(p + 30) & 0xffff) + (cd.getShort(p + 32) & 0xffff);
    }
    return new ZipIndex(Collections.unmodifiableMap(out));
  }

  private static Entry central(FileChannel ch, ByteBuffer cd, int p, long fileSize, String where) throws IOException {
    if (p + CENTRAL_SIZE > cd.limit() || cd.getInt(p) != CENTRAL) {
      throw new CorruptWeightsException(where + ": malformed zip central directory at byte " + p);
    }
    int method = cd.getShort(p + 10) & 0xffff;
    int crc = cd.getInt(p + 16);
    long compressed = cd.getInt(p + 20) & 0xffffffffL;
    long size = cd.getInt(p + 24) & 0xffffffffL;
    int nameLen = cd.getShort(p + 28) & 0xffff;
    int extraLen = cd.getShort(p + 30) & 0xffff;
    int commentLen = cd.getShort(p + 32) & 0xffff;
    long local = cd.getInt(p + 42) & 0xffffffffL;
    if (p + CENTRAL_SIZE + nameLen + extraLen + commentLen > cd.limit()) {
      throw new CorruptWeightsException(where + ": malformed zip central directory at byte " + p);
    }
    byte[] nameBytes = new byte[nameLen];
    cd.get(p + CENTRAL_SIZE, nameBytes);
    String name = new String(nameBytes, StandardCharsets.UTF_8);
    // ZIP64 extra field: the 8-byte values of the fields that are 0xFFFFFFFF, in this order
    int x = p + CENTRAL_SIZE + nameLen;
    int end = x + extraLen;
    while (x + 4 <= end) {
      int id = cd.getShort(x) & 0xffff;
      int len = cd.getShort(x + 2) & 0xffff;
      if (x + 4 + len > end) {
        throw new CorruptWeightsException(where + ": zip entry '" + name + "' has a malformed extra field");
      }
      if (id == 1) {
        int q = x + 4;
        if (size == 0xffffffffL) {
          size = long64(cd, q, x + 4 + len, where, name);
          q += 8;
        }
        if (compressed == 0xffffffffL) {
          compressed = long64(cd, q, x + 4 + len, where, name);
          q += 8;
        }
        if (local == 0xffffffffL) {
          local = long64(cd, q, x + 4 + len, where, name);
        }
      }
      x += 4 + len;
    }
    if (method != 0 || compressed != size) {
      throw new CorruptWeightsException(where + ": zip entry '" + name + "' is compressed (method " + method + "); torch.save writes uncompressed entries, so this file was repacked: save it again with torch.save");
    }
    if (local < 0 || local + LOCAL_SIZE > fileSize) {
      throw new CorruptWeightsException(where + ": zip entry '" + name + "' starts beyond the end of the file (truncated?)");
    }
    ByteBuffer lh = readAt(ch, local, LOCAL_SIZE);
    if (lh.getInt(0) != LOCAL) {
      throw new CorruptWeightsException(where + ": zip entry '" + name + "' has no local header where the directory says");
    }
    long data = local + LOCAL_SIZE + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
    if (size < 0 || data + size > fileSize || data + size < 0) {
      throw new CorruptWeightsException(where + ": zip entry '" + name + "' (" + size + " bytes at " + data + ") runs past the end of the file of " + fileSize + " bytes (truncated?)");
    }
    return new Entry(name, data, size, crc);
  }

  private static long long64(ByteBuffer b, int q, int end, String where, String name) throws CorruptWeightsException {
    if (q + 8 > end) {
      throw new CorruptWeightsException(where + ": zip entry '" + name + "' has a short ZIP64 extra field");
    }
    return b.getLong(q);
  }

  /** Reads a whole (small) entry into memory, checking its CRC-32. */
  static byte[] readSmall(FileChannel ch, Entry e, long max, String where) throws IOException {
    if (e.size > max) {
      throw new CorruptWeightsException(where + ": zip entry '" + e.name + "' has " + e.size + " bytes, more than the " + max + " expected");
    }
    byte[] bytes = readAt(ch, e.dataOffset, (int) e.size).array();
    CRC32 crc = new CRC32();
    crc.update(bytes);
    if ((int) crc.getValue() != e.crc) {
      throw new CorruptWeightsException(where + ": zip entry '" + e.name + "' fails its CRC check: the file is corrupt");
    }
    return bytes;
  }

  private static ByteBuffer readAt(FileChannel ch, long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    long at = pos;
    while (b.hasRemaining()) {
      int r = ch.read(b, at);
      if (r < 0) {
        throw new CorruptWeightsException("unexpected end of file at byte " + at);
      }
      at += r;
    }
    return b.flip();
  }
}
