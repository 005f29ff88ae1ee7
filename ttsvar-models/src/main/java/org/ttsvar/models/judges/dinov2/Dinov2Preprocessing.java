package org.ttsvar.models.judges.dinov2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.tensor.PilResize;
import org.ttsvar.tensor.Resize;
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
    NDArray hwc = ImageBatch.toBytes(manager, images); // (B, H, W, 3)
    NDArray resized = PilResize.resize(hwc.transpose(0, 3, 1, 2), Resize.Filter.BILINEAR, SIZE, SIZE); // (B, 3, 224, 224) 0..255
    return ImageBatch.normalize(resized, MEAN, STD); // (B, 3, 224, 224)
  }
}
