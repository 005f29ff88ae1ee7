package org.ttsvar.models.embedded.var;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.ttsvar.world.BadInputException;

/**
 * How bits are drawn from the model.
 *
 * @param cfg classifier-free guidance on logits: {@code cfg·cond + (1 − cfg)·uncond} (1 = none)
 * @param temperature logits are divided by it before the softmax
 * @param topP a bit whose less likely value has probability ≤ 1 − topP takes the likely value
 *     (Infinity's top-p on a two-way choice); 1 samples every bit
 * @param cfgRamp guidance grows linearly over the scales, from none (1) at the first to {@code cfg}
 *     at the last, as VAR samples (its {@code t = cfg·k/(K−1)}); false: {@code cfg} at every scale,
 *     as Infinity samples. Absent from older sampling.json files (false)
 */
public record SamplingConfig(
    @JsonProperty("cfg") double cfg,
    @JsonProperty("temperature") double temperature,
    @JsonProperty("topP") double topP,
    @JsonProperty("cfgRamp") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean cfgRamp) {
  public static final SamplingConfig DEFAULT = new SamplingConfig(3.0, 1.0, 0.97);

  @JsonCreator
  public SamplingConfig {
    if (!(temperature > 0) || !(topP > 0 && topP <= 1) || !Double.isFinite(cfg)) {
      throw new BadInputException("need temperature > 0, 0 < top-p ≤ 1 and a finite cfg; got " + temperature + ", " + topP + ", " + cfg);
    }
  }

  /** Constant guidance. */
  public SamplingConfig(double cfg, double temperature, double topP) {
    this(cfg, temperature, topP, false);
  }

  /** The guidance scale at scale {@code k} of {@code numScales}. */
  public double cfgAt(int k, int numScales) {
    return cfgRamp && numScales > 1 ? 1 + (cfg - 1) * k / (numScales - 1) : cfg;
  }

  public SamplingConfig withCfgRamp(boolean ramp) {
    return new SamplingConfig(cfg, temperature, topP, ramp);
  }

  /** Without the ramp, the text of the three-field record it extends (run descriptions compared on resume keep matching). */
  @Override
  public String toString() {
    return "SamplingConfig[cfg=" + cfg + ", temperature=" + temperature + ", topP=" + topP + (cfgRamp ? ", cfgRamp=true" : "") + "]";
  }
}
