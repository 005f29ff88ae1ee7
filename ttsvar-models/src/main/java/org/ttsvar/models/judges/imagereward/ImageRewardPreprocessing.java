package org.ttsvar.models.judges.imagereward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.tensor.PilResize;
import org.ttsvar.tensor.Resize;
import org.ttsvar.world.RgbImage;

/**
 * ImageReward's input ({@code ImageReward._transform(224)}: torchvision {@code Resize(224, BICUBIC)},
 * {@code CenterCrop(224)}, RGB, {@code ToTensor()}, {@code Normalize} with CLIP's mean and std, on PIL
 * images): Pillow's bicubic resize of the 8-bit image, shorter side to 224 and the longer to
 * {@code int(224 · long / short)} (antialiased, 8-bit fixed point, bit for bit), the centre 224×224
 * (offsets rounded as torchvision does), then {@code /255} and {@code (x − mean)/std} per channel in float32.
 */
public final class ImageRewardPreprocessing {
  public static final int SIZE = 224;
  private static final float[] MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
  private static final float[] STD = {0.26862954f, 0.26130258f, 0.27577711f};

  private ImageRewardPreprocessing() {}

  /** Images of one size → the network input (B, 3, 224, 224) float32 in {@code manager}. */
  public static NDArray pixels(NDManager manager, List<RgbImage> images) {
    int w = images.get(0).width(), h = images.get(0).height();
    int ow, oh;
    if (w <= h) {
      ow = SIZE;
      oh = (int) ((long) SIZE * h / w);
    } else {
      oh = SIZE;
      ow = (int) ((long) SIZE * w / h);
    }
    NDArray hwc = ImageBatch.toBytes(manager, images); // (B, H, W, 3)
    NDArray chw = hwc.transpose(0, 3, 1, 2); // (B, 3, H, W)
    NDArray resized = (w == ow && h == oh) ? chw.toType(DataType.FLOAT64, false) : PilResize.resize(chw, Resize.Filter.BICUBIC, oh, ow); // (B, 3, oh, ow) 0..255
    int top = (int) Math.rint((oh - SIZE) / 2.0), left = (int) Math.rint((ow - SIZE) / 2.0); // Python round: half to even
    NDArray crop = resized.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + SIZE, left, left + SIZE)); // (B, 3, 224, 224)
    return ImageBatch.normalize(crop, MEAN, STD); // (B, 3, 224, 224)
  }
}
