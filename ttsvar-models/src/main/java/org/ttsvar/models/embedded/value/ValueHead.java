package org.ttsvar.models.embedded.value;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.models.embedded.reward.RewardConfig;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.search.PathValue;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Engines;

/**
 * The embedded family's value head as the search's {@link PathValue}: a {@link RewardModel} that
 * reads code maps ({@link RewardConfig#latent()}), trained on the generator's own rollouts to
 * predict the standardized reward of a path's final image ({@link ValueTrainer}).
 */
public final class ValueHead implements PathValue, AutoCloseable {
  /** The registry name (the {@code scorer} setting). */
  public static final String NAME = "value-head";

  private final RewardModel model;
  private final TextVocabulary vocab;

  public ValueHead(RewardModel model) {
    if (model.config().latent() == null) {
      throw new IllegalArgumentException("a value head reads code maps; this model reads images");
    }
    this.model = model;
    this.vocab = new TextVocabulary(model.config().vocabulary(), model.config().maxWords());
  }

  /** Loads a value head folder ({@code config.json} with a {@code latent} input + {@code model.safetensors}). */
  public static ValueHead load(Path dir, NDManager manager) throws IOException {
    RewardModel m = RewardModel.load(dir, manager);
    if (m.config().latent() == null) {
      m.close();
      throw new CorruptWeightsException(dir + " holds a reward (it reads images), not a value head; give the value head's folder");
    }
    return new ValueHead(m);
  }

  public RewardModel model() {
    return model;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public double[] score(String prompt, float[][] codeMaps, int scale) {
    Engines.inferenceMode();
    RewardConfig.LatentInput in = model.config().latent();
    int g = model.config().gridSize();
    int p = codeMaps.length;
    int per = in.channels() * g * g;
    float[] flat = new float[p * per];
    for (int i = 0; i < p; i++) {
      if (codeMaps[i].length != per) {
        throw new org.ttsvar.world.BadInputException("the value head reads " + in.channels() + "×" + g + "×" + g + " code maps, but this generator's hold "
            + codeMaps[i].length + " values: it was trained for another generator; train one for this generator ('ttsvar train value') or score with the reward");
      }
      System.arraycopy(codeMaps[i], 0, flat, i * per, per);
    }
    int[] ids = vocab.encode(prompt);
    long[] words = new long[p * ids.length];
    long[] scales = new long[p];
    for (int i = 0; i < p; i++) {
      scales[i] = scale;
      for (int j = 0; j < ids.length; j++) {
        words[i * ids.length + j] = ids[j];
      }
    }
    NDManager m = model.params().manager();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray v = model.valueLogits(m.create(flat, new Shape(p, in.channels(), g, g)), m.create(scales), m.create(words, new Shape(p, ids.length)));
      float[] out = v.toFloatArray();
      double[] d = new double[p];
      for (int i = 0; i < p; i++) {
        d[i] = out[i];
      }
      return d;
    }
  }

  /**
   * The latent tower's three convolutions on the g×g grid, then per token (g² patches, 1 + T text
   * tokens) the layers' projections and MLPs (≈ 12 C² per token per layer, twice for the fusion
   * layers, which also attend to the patches); attention scores are small next to these at g = 8.
   */
  @Override
  public double flopsPerPath() {
    RewardConfig c = model.config();
    double w = c.width(), g2 = (double) c.gridSize() * c.gridSize(), d = c.latent().channels();
    double convs = 2 * 9 * g2 * (d * w / 2 + w / 2 * w + w * w);
    double text = c.maxWords() + 1;
    double layers = 2 * 12 * w * w * text * (c.textLayers() + 2.0 * c.fusionLayers());
    return convs + layers;
  }

  @Override
  public void close() {
    model.close();
  }
}
