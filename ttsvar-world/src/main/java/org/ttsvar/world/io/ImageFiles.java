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
   * Reads an image file.
   *
   * @throws IOException naming the file when it is missing, empty, truncated or not an image
   */
  public static RgbImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": image not found");
    }
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length == 0) {
      throw new IOException(file + ": image file is empty; regenerate it");
    }
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
}
