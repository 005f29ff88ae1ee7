package org.ttsvar.world;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * An 8-bit RGB image, row-major, channels interleaved ({@code (y·width + x)·3 + c}). Immutable once
 * built; the accessors copy. Two images are equal when their sizes and bytes are.
 */
public final class RgbImage {
  private final int width;
  private final int height;
  private final byte[] rgb;

  public RgbImage(int width, int height, byte[] rgb) {
    if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
      throw new IllegalArgumentException(
          "an RGB image of " + width + "×" + height + " needs " + (width * height * 3) + " bytes, got " + rgb.length);
    }
    this.width = width;
    this.height = height;
    this.rgb = rgb.clone();
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Channel value 0..255 at (x, y), channel 0 = red. */
  public int get(int x, int y, int channel) {
    return rgb[(y * width + x) * 3 + channel] & 0xff;
  }

  /** Packed 0xRRGGBB at (x, y). */
  public int rgbAt(int x, int y) {
    int i = (y * width + x) * 3;
    return ((rgb[i] & 0xff) << 16) | ((rgb[i + 1] & 0xff) << 8) | (rgb[i + 2] & 0xff);
  }

  public byte[] bytes() {
    return rgb.clone();
  }

  /** Channel-first floats in [0, 1]: {@code (3, H, W)} flattened. */
  public float[] toChwFloats() {
    float[] out = new float[3 * width * height];
    int plane = width * height;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[c * plane + p] = (rgb[p * 3 + c] & 0xff) / 255f;
      }
    }
    return out;
  }

  /** Inverse of {@link #toChwFloats()}: values are clamped to [0, 1] and rounded to the nearest level. */
  public static RgbImage fromChwFloats(float[] chw, int width, int height) {
    int plane = width * height;
    if (chw.length != 3 * plane) {
      throw new IllegalArgumentException("expected " + (3 * plane) + " floats, got " + chw.length);
    }
    byte[] out = new byte[3 * plane];
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < 3; c++) {
        out[p * 3 + c] = (byte) toLevel(chw[c * plane + p]);
      }
    }
    return new RgbImage(width, height, out);
  }

  static int toLevel(double unit) {
    double v = Math.max(0, Math.min(1, Double.isNaN(unit) ? 0 : unit));
    return (int) Math.round(v * 255);
  }

  public BufferedImage toBufferedImage() {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, rgbAt(x, y));
      }
    }
    return img;
  }

  public static RgbImage fromBufferedImage(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = img.getRGB(x, y);
        int i = (y * w + x) * 3;
        out[i] = (byte) (v >> 16);
        out[i + 1] = (byte) (v >> 8);
        out[i + 2] = (byte) v;
      }
    }
    return new RgbImage(w, h, out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RgbImage other && other.width == width && other.height == height && Arrays.equals(other.rgb, rgb);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(rgb);
  }

  @Override
  public String toString() {
    return "RgbImage[" + width + "×" + height + "]";
  }
}
