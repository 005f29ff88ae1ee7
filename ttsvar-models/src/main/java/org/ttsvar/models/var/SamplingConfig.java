package org.ttsvar.models.var;

/**
 * How bits are drawn from the model.
 *
 * @param cfg classifier-free guidance on logits: {@code cfg·cond + (1 − cfg)·uncond} (1 = none)
 * @param temperature logits are divided by it before the softmax
 * @param topP a bit whose less likely value has probability ≤ 1 − topP takes the likely value
 *     (Infinity's top-p on a two-way choice); 1 samples every bit
 */
public record SamplingConfig(double cfg, double temperature, double topP) {
  public static final SamplingConfig DEFAULT = new SamplingConfig(3.0, 1.0, 0.97);

  public SamplingConfig {
    if (!(temperature > 0) || !(topP > 0 && topP <= 1) || !Double.isFinite(cfg)) {
      throw new IllegalArgumentException("need temperature > 0, 0 < top-p ≤ 1 and a finite cfg; got " + temperature + ", " + topP + ", " + cfg);
    }
  }
}
