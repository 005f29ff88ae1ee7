package org.ttsvar.models.infinity;

import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/** Infinity (transformer, BSQ VAE decoder, a schedule, sampling, a text source) as the search sees it. */
public final class InfinityPathGenerator implements PathGenerator {
  private final InfinityTransformer model;
  private final BsqVaeDecoder vae;
  private final Schedules.Schedule schedule;
  private final Sampling sampling;
  private final TextFeatures text;

  public InfinityPathGenerator(InfinityTransformer model, BsqVaeDecoder vae, Schedules.Schedule schedule, Sampling sampling, TextFeatures text) {
    if (vae.codeDim() != model.codeDim()) {
      throw new BadInputException("the VAE decodes " + vae.codeDim() + "-bit codes but the transformer predicts " + model.codeDim() + " bits: the two files are of different models");
    }
    this.model = model;
    this.vae = vae;
    this.schedule = schedule;
    this.sampling = sampling;
    this.text = text;
  }

  public Schedules.Schedule schedule() {
    return schedule;
  }

  public Sampling sampling() {
    return sampling;
  }

  public TextFeatures text() {
    return text;
  }

  @Override
  public int numScales() {
    return schedule.scales().size();
  }

  /** The prompt's paths, one per stream; starting checks the text states against the model. */
  @Override
  public InfinityPaths startWithStreams(String prompt, long[] streams) {
    TensorData t = text.of(prompt);
    if (t.shape()[1] != model.textChannels()) {
      throw new BadInputException(text.describe() + ": " + t.shape()[1] + " channels per token, but the model expects " + model.textChannels()
          + " (Flan-T5-XL states for the 2B model)");
    }
    if (t.shape()[0] > model.textMaxLength()) {
      throw new BadInputException(text.describe() + ": " + t.shape()[0] + " tokens, more than the model's " + model.textMaxLength());
    }
    return InfinityPaths.start(model, vae, t.values(), t.shape(), schedule, sampling, streams);
  }

  /** Both guidance rows of one path (text cross-attention left out, see {@link InfinityTransformer#rowFlops}). */
  @Override
  public double stepFlops(int scale) {
    long start = 0;
    for (int k = 0; k < scale; k++) {
      start += (long) schedule.scales().get(k)[0] * schedule.scales().get(k)[1];
    }
    long tokens = (long) schedule.scales().get(scale)[0] * schedule.scales().get(scale)[1];
    return 2 * model.rowFlops(tokens, start + tokens);
  }

  @Override
  public double decodeFlops() {
    int[] last = schedule.last();
    return vae.flops(last[0], last[1]);
  }
}
