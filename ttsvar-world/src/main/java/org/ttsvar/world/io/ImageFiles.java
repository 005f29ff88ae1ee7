package org.ttsvar.world.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ttsvar.world.RgbImage;

/** PNG reading and (atomic) writing with errors that say which file and what to do. */
public final class ImageFiles {
  static {
    ImageIO.setUseCache(false);
  }

  private ImageFiles() {}

  public static byte[] encodePng(RgbImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image.toBufferedImage(), "png", out)) {
        throw new IllegalStateException("no PNG writer available");
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void writePng(RgbImage image, Path file) throws IOException {
    AtomicFiles.write(file, encodePng(image));
  }

  /**
   * Reads an image file (any format ImageIO knows; a PNG is checked for truncation and corruption
   * first, see {@link #readPng}).
   *
   * @throws IOException naming the file when it is missing, empty, truncated or not an image
   */
  public static RgbImage read(Path file) throws IOException {
    byte[] bytes = readBytes(file);
    if (isPng(bytes)) {
      checkPngStructure(bytes, file);
    }
    return decode(bytes, file);
  }

  /**
   * Reads a PNG file, the format of GenEval's image folders. Before decoding, the chunk structure is
   * walked and every chunk's CRC checked: ImageIO decodes a PNG that lost its last bytes (IEND, or the
   * end of the last data chunk) without complaint, so a truncated file would otherwise pass as a
   * complete image.
   *
   * @throws IOException naming the file when it is missing, empty, not a PNG, truncated or corrupt
   */
  public static RgbImage readPng(Path file) throws IOException {
    byte[] bytes = readBytes(file);
    if (!isPng(bytes)) {
      throw new IOException(file + ": not a PNG file (it lacks the PNG signature); regenerate it as PNG");
    }
    checkPngStructure(bytes, file);
    return decode(bytes, file);
  }

  private static byte[] readBytes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": image not found");
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) {
      throw new IOException(file + ": image file is empty; regenerate it");
    }
    return bytes;
  }

  /**
   * The most pixels an image may declare: 16 megapixels (4096×4096; ttsvar's images are 64×64).
   * The size is read from the file's header before anything is decoded, so a small file declaring
   * a huge image (a decompression bomb) is refused without allocating it.
   */
  public static final long MAX_PIXELS = 4096L * 4096;

  private static RgbImage decode(byte[] bytes, Path file) throws IOException {
    requireSize(bytes, file);
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new IOException(file + ": corrupt or truncated image (" + e.getMessage() + "); regenerate it", e);
    }
    if (img == null) {
      throw new IOException(file + ": not a readable image (expected PNG); regenerate it");
    }
    return RgbImage.fromBufferedImage(img);
  }

  /** Reads the declared width and height from the header (PNG's IHDR, or the format's reader) and refuses beyond {@link #MAX_PIXELS}. */
  private static void requireSize(byte[] bytes, Path file) throws IOException {
    long w = -1, h = -1;
    if (isPng(bytes) && bytes.length >= 24) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
      w = Integer.toUnsignedLong(buf.getInt(16));
      h = Integer.toUnsignedLong(buf.getInt(20));
    } else {
      try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
        var readers = ImageIO.getImageReaders(in);
        if (readers.hasNext()) {
          javax.imageio.ImageReader r = readers.next();
          try {
            r.setInput(in);
            w = r.getWidth(0);
            h = r.getHeight(0);
          } catch (IOException | RuntimeException e) {
            w = h = -1; // let the decoder say what is wrong
          } finally {
            r.dispose();
          }
        }
      }
    }
    if (w == 0 || h == 0) {
      throw new IOException(file + ": the image declares " + w + "×" + h + " pixels (empty); regenerate it");
    }
    if (w > 0 && h > 0 && w * h > MAX_PIXELS) {
      throw new IOException(String.format(java.util.Locale.ROOT, "%s: the image declares %d×%d pixels (%.1f megapixels), beyond the limit of %.1f megapixels (%d pixels); "
          + "ttsvar's images are 64×64: resize or regenerate it", file, w, h, w * h / 1e6, MAX_PIXELS / 1e6, MAX_PIXELS));
    }
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  /**
   * Whether {@code file} is a whole PNG: present, not empty, with the PNG signature, every chunk's
   * CRC right and IEND at the end (no pixel is decoded). What a resume checks before trusting an image.
   */
  public static boolean isIntactPng(Path file) {
    try {
      byte[] bytes = readBytes(file);
      if (!isPng(bytes)) {
        return false;
      }
      checkPngStructure(bytes, file);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static boolean isPng(byte[] bytes) {
    return bytes.length >= PNG_SIGNATURE.length && java.util.Arrays.equals(bytes, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length);
  }

  /** Walks the chunks (length, type, data, CRC) up to IEND, checking bounds and CRCs. */
  private static void checkPngStructure(byte[] bytes, Path file) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
    int pos = PNG_SIGNATURE.length;
    while (true) {
      if (pos + 8 > bytes.length) {
        throw new IOException(file + ": truncated PNG (it ends before its IEND chunk); regenerate it");
      }
      long length = Integer.toUnsignedLong(buf.getInt(pos));
      String type = new String(bytes, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (pos + 12 + length > bytes.length) {
        throw new IOException(file + ": truncated PNG (it ends inside its " + type + " chunk); regenerate it");
      }
      java.util.zip.CRC32 crc = new java.util.zip.CRC32();
      crc.update(bytes, pos + 4, 4 + (int) length);
      if (crc.getValue() != Integer.toUnsignedLong(buf.getInt(pos + 8 + (int) length))) {
        throw new IOException(file + ": corrupt PNG (the checksum of its " + type + " chunk does not match); regenerate it");
      }
      if (type.equals("IEND")) {
        return;
      }
      pos += 12 + (int) length;
    }
  }
}
