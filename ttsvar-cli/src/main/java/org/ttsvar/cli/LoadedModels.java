package org.ttsvar.cli;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.ttsvar.bench.BenchModels;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.TextToImage;

/**
 * The embedded generator and its search models, loaded as {@link ModelOptions} say, as a benchmark
 * sees them ({@link #bench}). One object to close, for {@code ttsvar bench} and the Spark job alike.
 */
public final class LoadedModels implements AutoCloseable {
  private final TextToImage textToImage;
  private final EmbeddedModels models;
  private final ModelRegistry registry;

  private LoadedModels(TextToImage textToImage, EmbeddedModels models, ModelRegistry registry) {
    this.textToImage = textToImage;
    this.models = models;
    this.registry = registry;
  }

  public static LoadedModels load(ModelOptions options) throws IOException {
    TextToImage t2i = options.load();
    try {
      EmbeddedModels models = EmbeddedModels.load(t2i, options.varDir(), Map.of());
      return new LoadedModels(t2i, models, new ModelRegistry(models, options.describe(t2i)));
    } catch (IOException | RuntimeException e) {
      t2i.close();
      throw e;
    }
  }

  /** The models with the verifier as the {@code oracle} reward, described for a run manifest. */
  public BenchModels bench() {
    return registry;
  }

  public TextToImage textToImage() {
    return textToImage;
  }

  /** The side of each scale's token map, to label consistency plots. */
  public List<Integer> scaleSides() {
    return textToImage.var().config().scales();
  }

  @Override
  public void close() {
    models.close();
    textToImage.close();
  }
}
