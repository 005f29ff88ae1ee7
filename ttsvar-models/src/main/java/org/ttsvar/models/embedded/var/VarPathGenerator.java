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

  @Override
  public double decodeFlops() {
    return tokenizer.decodeFlops();
  }
}
