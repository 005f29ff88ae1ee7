package org.ttsvar.models.embedded.var;

import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;

/** The VAR model (with its tokenizer and sampling settings) as the search sees it. */
public final class VarPathGenerator implements PathGenerator {
  private final VarModel model;
  private final Tokenizer tokenizer;
  private final SamplingConfig sampling;

  public VarPathGenerator(VarModel model, Tokenizer tokenizer, SamplingConfig sampling) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.sampling = sampling;
  }

  @Override
  public int numScales() {
    return model.config().numScales();
  }

  @Override
  public Paths startWithStreams(String prompt, long[] streams) {
    return Particles.startWithStreams(model, tokenizer, prompt, streams, sampling);
  }

  /** Two sequences per path (conditional and unconditional halves of guidance). */
  @Override
  public double stepFlops(int scale) {
    VarConfig c = model.config();
    return 2 * model.flops(c.tokensAt(scale), c.scaleStart(scale));
  }

  /**
   * Per path: the KV caches of both guidance halves (2 × depth × K and V × Σ side² tokens × width),
   * the code map f̂ and the next input, the largest scale's activations (attention scores and the MLP),
   * a decoded image with its float copies; all float32.
   */
  @Override
  public double stateBytesPerPath() {
    VarConfig c = model.config();
    double tokens = c.sequenceLength();
    double last = c.tokensAt(c.numScales() - 1);
    double kv = 2.0 * c.depth() * 2 * tokens * c.width();
    double codes = 2.0 * c.bits() * last;
    double activations = 2.0 * last * (c.width() * (4.0 + c.mlpRatio()) + c.heads() * tokens);
    double image = 4.0 * 3 * tokenizer.config().imageSize() * tokenizer.config().imageSize();
    return 4 * (kv + codes + activations + image);
  }

  @Override
  public double decodeFlops() {
    return tokenizer.decodeFlops();
  }
}
