package org.ttsvar.verifier;

import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.RgbImage;

/**
 * MiniGenEval's object detector: segmentation into one-coloured blobs ({@link Segmenter}), a soft mask
 * and box per blob ({@link SoftMask}), a shape class and confidence from a nearest-neighbour
 * classifier trained on renders ({@link ShapeClassifier}), and the colour name of the blob's interior
 * ({@link ColourNames}). Thread-safe; the default instance is trained once, at first use.
 */
public final class Detector {
  /** Objects whose box is smaller than this many pixels on its longer side get proportionally less confidence. */
  static final int FULL_CONFIDENCE_SIDE = 10;
  /** ... down to zero confidence at this side. */
  static final int ZERO_CONFIDENCE_SIDE = 4;

  private static volatile Detector standard;

  private final ShapeClassifier classifier;

  Detector(ShapeClassifier classifier) {
    this.classifier = classifier;
  }

  /** The detector with the classifier trained on the default renders (trained on first call, then shared). */
  public static Detector standard() {
    Detector d = standard;
    if (d == null) {
      synchronized (Detector.class) {
        d = standard;
        if (d == null) {
          d = new Detector(ShapeTrainingSet.train());
          standard = d;
        }
      }
    }
    return d;
  }

  /** Every candidate object of the image, most confident first. */
  public List<Detection> detect(RgbImage image) {
    Segmentation seg = Segmenter.segment(image);
    List<Detection> out = new ArrayList<>();
    for (Blob blob : seg.blobs()) {
      SoftMask mask = SoftMask.of(seg, blob);
      ShapeClassifier.Prediction prediction = classifier.classify(ShapeFeatures.of(mask));
      Box box = mask.box();
      int side = Math.max(box.width(), box.height());
      double sizeFactor = Math.max(0, Math.min(1, (double) (side - ZERO_CONFIDENCE_SIDE) / (FULL_CONFIDENCE_SIDE - ZERO_CONFIDENCE_SIDE)));
      out.add(new Detection(prediction.shape(), blob.colour(), box, prediction.confidence() * sizeFactor));
    }
    out.sort(Detection.BY_CONFIDENCE);
    return out;
  }
}
