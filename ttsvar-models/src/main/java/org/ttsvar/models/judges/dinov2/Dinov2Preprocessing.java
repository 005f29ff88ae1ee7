package org.ttsvar.models.judges.dinov2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.List;
import org.ttsvar.tensor.PilResize;
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.world.RgbImage;

/**
 * The TTS-VAR release's DINOv2 input ({@code extract_k_ids}: torchvision {@code Resize((224, 224))},
 * {@code ToTensor()}, {@code Normalize} with ImageNet's mean and std, on PIL images): Pillow's bilinear
 * resize of the 8-bit image to 224×224 (antialiased, 8-bit fixed point, bit for bit), no crop, the
 * aspect ratio not kept; then {@code /255} and {@code (x − mean)/std} per channel, in float32.
 */
public final class Dinov2Preprocessing {
  /** The input side: 16 patches of 14 pixels (the release: {@code patch_size * 14} with patch_size 16). */
  public static final int SIZE = 224;
  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private Dinov2Preprocessing() {}

  /** Images of one size → the network input (B, 3, 224, 224) float32 in {@code manager}. */
  public static NDArray pixels(NDManager manager, List<RgbImage> images) {
    RgbImage first = images.get(0);
    int w = first.width(), h = first.height();
    ByteBuffer bytes = ByteBuffer.allocateDirect(images.size() * 3 * w * h);
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("a batch holds images of one size: image " + i + " is " + img.width() + "×" + img.height() + ", image 0 " + w + "×" + h);
      }
      bytes.put(img.bytes());
    }
    bytes.flip();
    NDArray hwc = manager.create(bytes, new Shape(images.size(), h, w, 3), DataType.UINT8); // (B, H, W, 3)
    NDArray resized = PilResize.resize(hwc.transpose(0, 3, 1, 2), Resize.Filter.BILINEAR, SIZE, SIZE); // (B, 3, 224, 224) 0..255
    NDArray unit = Scalars.div(resized.toType(DataType.FLOAT32, false), 255f); // (B, 3, 224, 224) in [0, 1]
    NDArray mean = manager.create(MEAN, new Shape(1, 3, 1, 1));
    NDArray std = manager.create(STD, new Shape(1, 3, 1, 1));
    return unit.sub(mean).div(std); // (B, 3, 224, 224)
  }
}
