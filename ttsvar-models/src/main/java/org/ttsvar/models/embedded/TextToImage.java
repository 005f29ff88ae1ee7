package org.ttsvar.models.embedded;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.var.Particles;
import org.ttsvar.models.embedded.var.SamplingConfig;
import org.ttsvar.models.embedded.var.VarModel;
import org.ttsvar.models.embedded.var.VarPathGenerator;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * A text-to-image VAR model ready to sample: the tokenizer, the transformer and their sampling
 * defaults ({@code sampling.json} beside the VAR weights, chosen by measurement on a validation
 * prompt set). {@link #loadDefault()} gives the embedded default trained on the shapes world.
 */
public final class TextToImage implements AutoCloseable {
  public static final String SAMPLING = "sampling.json";

  private final NDManager manager;
  private final Tokenizer tokenizer;
  private final VarModel var;
  private final SamplingConfig sampling;

  private TextToImage(NDManager manager, Tokenizer tokenizer, VarModel var, SamplingConfig sampling) {
    this.manager = manager;
    this.tokenizer = tokenizer;
    this.var = var;
    this.sampling = sampling;
  }

  public static TextToImage loadDefault() throws IOException {
    return load(ModelFiles.defaultModelDir("tokenizer"), ModelFiles.defaultModelDir("var"));
  }

  public static TextToImage load(Path tokenizerDir, Path varDir) throws IOException {
    NDManager m = NDManager.newBaseManager();
    try {
      Tokenizer tok = Tokenizer.load(tokenizerDir, m);
      VarModel var = VarModel.load(varDir, m);
      if (var.config().bits() != tok.config().bits() || !var.config().scales().equals(tok.config().scales())) {
        throw new org.ttsvar.tensor.CorruptWeightsException(varDir + " was trained for another tokenizer (bits/scales differ from " + tokenizerDir + ")");
      }
      Path s = varDir.resolve(SAMPLING);
      SamplingConfig sampling = Files.isRegularFile(s) ? ModelFiles.readJson(s, SamplingConfig.class, "sampling config") : SamplingConfig.DEFAULT;
      return new TextToImage(m, tok, var, sampling);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Models already loaded (e.g. built in tests); closing the result leaves them open. */
  public static TextToImage of(Tokenizer tokenizer, VarModel var, SamplingConfig sampling) {
    return new TextToImage(var.params().manager().newSubManager(), tokenizer, var, sampling);
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public VarModel var() {
    return var;
  }

  public SamplingConfig sampling() {
    return sampling;
  }

  public TextToImage withSampling(SamplingConfig s) {
    return new TextToImage(manager, tokenizer, var, s);
  }

  /** Starts {@code count} particles for a prompt (the search's entry point). */
  public Particles start(String prompt, int count, long seed) {
    return Particles.start(var, tokenizer, prompt, count, seed, sampling);
  }

  /** Plain sampling: one image per seed, each generated as particle 0 of its own seed. */
  public RgbImage[] generate(String prompt, long... seeds) {
    org.ttsvar.world.MemoryBudget.check(seeds.length * new VarPathGenerator(var, tokenizer, sampling).stateBytesPerPath(), seeds.length + " images generated at once");
    long[] streams = new long[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      streams[i] = Seeds.derive(seeds[i], 0);
    }
    try (Particles p = Particles.startWithStreams(var, tokenizer, prompt, streams, sampling)) {
      while (!p.finished()) {
        p.step();
      }
      return p.decodeAll();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
