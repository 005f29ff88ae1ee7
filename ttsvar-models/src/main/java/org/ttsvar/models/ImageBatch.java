package org.ttsvar.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * Images to and from the models' batch layout: (B, 3, H, W) floats in [0, 1], channel-first, one
 * image after another. Every model takes and returns images this way.
 */
public final class ImageBatch {
  private ImageBatch() {}

  /** Images of one size, packed (B, 3, H, W) and flattened. */
  public static float[] pack(List<RgbImage> images) {
    int w = images.get(0).width(), h = images.get(0).height();
    int plane = 3 * w * h;
    float[] out = new float[images.size() * plane];
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("a batch holds images of one size: image " + i + " is " + img.width() + "×" + img.height() + ", image 0 " + w + "×" + h);
      }
      System.arraycopy(img.toChwFloats(), 0, out, i * plane, plane);
    }
    return out;
  }

  /** Images of one size as an array (B, 3, H, W) in {@code manager}. */
  public static NDArray toArray(NDManager manager, List<RgbImage> images) {
    RgbImage first = images.get(0);
    return manager.create(pack(images), new Shape(images.size(), 3, first.height(), first.width()));
  }

  /** Packed images (B, 3, H, W) flattened → B images (values clamped to [0, 1] and rounded to 8 bits). */
  public static RgbImage[] unpack(float[] nchw, int width, int height) {
    int plane = 3 * width * height;
    RgbImage[] out = new RgbImage[nchw.length / plane];
    for (int i = 0; i < out.length; i++) {
      out[i] = RgbImage.fromChwFloats(Arrays.copyOfRange(nchw, i * plane, (i + 1) * plane), width, height);
    }
    return out;
  }

  /** An array (B, 3, H, W) → B images. */
  public static RgbImage[] fromArray(NDArray images) {
    Shape s = images.getShape();
    return unpack(images.toFloatArray(), (int) s.get(3), (int) s.get(2));
  }
}
