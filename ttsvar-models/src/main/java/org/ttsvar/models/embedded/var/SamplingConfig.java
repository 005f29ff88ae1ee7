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

  /** The largest |cfg|: guidance far beyond the tens saturates every bit (the images are garbage). */
  public static final double MAX_ABS_CFG = 100;
  /** Temperature bounds: below, sampling is greedy to the last digit; above, bits are coin flips. */
  public static final double MIN_TEMPERATURE = 1e-3, MAX_TEMPERATURE = 100;
  /** The smallest top-p (every top-p ≤ 0.5 already makes every bit take its likely value). */
  public static final double MIN_TOP_P = 1e-3;

  @JsonCreator
  public SamplingConfig {
    if (!(Math.abs(cfg) <= MAX_ABS_CFG)) {
      throw new BadInputException("cfg (guidance) must be in [-" + MAX_ABS_CFG + ", " + MAX_ABS_CFG + "], got " + cfg);
    }
    if (!(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
      throw new BadInputException("temperature must be in [" + MIN_TEMPERATURE + ", " + MAX_TEMPERATURE + "], got " + temperature);
    }
    if (!(topP >= MIN_TOP_P && topP <= 1)) {
      throw new BadInputException("top-p must be in [" + MIN_TOP_P + ", 1], got " + topP);
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
