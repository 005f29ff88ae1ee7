package org.ttsvar.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.world.RgbImage;

/**
 * Images to and from the models' batch layout: (B, 3, H, W) floats in [0, 1], channel-first, one
 * image after another. Every model takes and returns images this way.
 */
public final class ImageBatch {
  private ImageBatch() {}

  /** Images of one size, packed (B, 3, H, W) and flattened. */
  public static float[] pack(List<RgbImage> images) {
    requireOneSize(images);
    int plane = 3 * images.get(0).width() * images.get(0).height();
    float[] out = new float[images.size() * plane];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i).toChwFloats(), 0, out, i * plane, plane);
    }
    return out;
  }

  /**
   * Images of one size as their 8-bit values, (B, H, W, 3) UINT8 in {@code manager}: what a PIL image
   * hands to torchvision's transforms, for the judges' Pillow-exact preprocessing.
   */
  public static NDArray toBytes(NDManager manager, List<RgbImage> images) {
    requireOneSize(images);
    RgbImage first = images.get(0);
    ByteBuffer bytes = ByteBuffer.allocateDirect(images.size() * 3 * first.width() * first.height());
    for (RgbImage img : images) {
      bytes.put(img.bytes());
    }
    bytes.flip();
    return manager.create(bytes, new Shape(images.size(), first.height(), first.width(), 3), DataType.UINT8); // (B, H, W, 3)
  }

  /** torchvision's {@code ToTensor} then {@code Normalize(mean, std)}: 8-bit values (B, 3, H, W) → float32 {@code (x/255 − mean)/std}. */
  public static NDArray normalize(NDArray values0to255, float[] mean, float[] std) {
    NDManager manager = values0to255.getManager();
    NDArray unit = Scalars.div(values0to255.toType(DataType.FLOAT32, false), 255f); // (B, 3, H, W) in [0, 1]
    return unit.sub(manager.create(mean, new Shape(1, 3, 1, 1))).div(manager.create(std, new Shape(1, 3, 1, 1)));
  }

  private static void requireOneSize(List<RgbImage> images) {
    int w = images.get(0).width(), h = images.get(0).height();
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("a batch holds images of one size: image " + i + " is " + img.width() + "×" + img.height() + ", image 0 " + w + "×" + h);
      }
    }
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
