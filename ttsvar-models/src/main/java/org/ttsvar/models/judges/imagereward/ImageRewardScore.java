package org.ttsvar.models.judges.imagereward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ttsvar.search.Reward;
import org.ttsvar.tensor.Engines;
import org.ttsvar.world.RgbImage;

/**
 * The reward {@value #NAME}: ImageReward's normalised score ((r − 0.16717) / 1.03334, mean 0 and std 1 on
 * the release's data, as the search wants), one prompt over many images, in forward passes of at most
 * {@code batchSize} images of one size (each pass in a manager of its own, freed before the next).
 */
public final class ImageRewardScore implements Reward, AutoCloseable {
  public static final String NAME = "ir";

  private final ImageReward model;
  private final BertPromptTokenizer tokenizer;
  private final int batchSize;

  public ImageRewardScore(ImageReward model, BertPromptTokenizer tokenizer, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
    }
    this.model = model;
    this.tokenizer = tokenizer;
    this.batchSize = batchSize;
  }

  /** Loads {@code ImageReward.pt} under {@code parent} and bert-base-uncased's {@code tokenizer.json}. */
  public static ImageRewardScore load(Path checkpoint, Path tokenizerJson, NDManager parent, int batchSize) throws IOException {
    BertPromptTokenizer tokenizer = BertPromptTokenizer.load(tokenizerJson);
    try {
      return new ImageRewardScore(ImageReward.load(checkpoint, parent), tokenizer, batchSize);
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  public ImageReward model() {
    return model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(String prompt, List<RgbImage> images) {
    Engines.inferenceMode();
    double[] out = new double[images.size()];
    if (images.isEmpty()) {
      return out;
    }
    BertPromptTokenizer.Tokens tokens = tokenizer.encode(prompt);
    int from = 0;
    while (from < images.size()) {
      RgbImage first = images.get(from);
      int to = from + 1; // a batch: up to batchSize consecutive images of the first one's size
      while (to < images.size() && to - from < batchSize && images.get(to).width() == first.width() && images.get(to).height() == first.height()) {
        to++;
      }
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray pixels = ImageRewardPreprocessing.pixels(m, images.subList(from, to)); // (b, 3, 224, 224)
        NDArray ids = m.create(tokens.ids(), new Shape(1, tokens.ids().length)); // (1, L)
        NDArray mask = m.create(tokens.attentionMask(), new Shape(1, tokens.attentionMask().length)); // (1, L)
        float[] s = model.score(pixels, ids, mask).toFloatArray(); // (b)
        for (int i = 0; i < s.length; i++) {
          out[from + i] = s[i];
        }
      }
      from = to;
    }
    return out;
  }

  @Override
  public void close() {
    tokenizer.close();
    model.close();
  }
}
