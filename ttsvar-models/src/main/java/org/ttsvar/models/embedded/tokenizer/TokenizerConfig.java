package org.ttsvar.models.embedded.tokenizer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.ttsvar.models.ConfigChecks;
import org.ttsvar.world.BadInputException;

/**
 * Shape of the multi-scale bitwise tokenizer (Infinity's BSQ-VAE in miniature).
 *
 * @param imageSize side of the square RGB image in pixels
 * @param latentSize side of the latent grid; the encoder downsamples by imageSize / latentSize
 * @param bits bits per latent position (d); each scale's code is ±1/√d per bit
 * @param scales token-map sides, strictly increasing, ending at latentSize (scale 0 is 1×1)
 * @param encoderChannels widths of the encoder: at full resolution, then after each 2× downsampling
 * @param decoderChannels widths of the decoder: at the latent grid, then after each 2× upsampling
 * @param groups GroupNorm groups (every width must be divisible by it)
 */
public record TokenizerConfig(
    @JsonProperty("image_size") int imageSize,
    @JsonProperty("latent_size") int latentSize,
    @JsonProperty("bits") int bits,
    @JsonProperty("scales") List<Integer> scales,
    @JsonProperty("encoder_channels") List<Integer> encoderChannels,
    @JsonProperty("decoder_channels") List<Integer> decoderChannels,
    @JsonProperty("groups") int groups) {

  /**
   * The shipped configuration: 64×64 images, an 8×8 grid of 32-bit codes over 7 scales (155 tokens),
   * 1.39 M parameters. A wider variant (32…128 channels, 1.87 M) trained at 27 images/s against 40 for
   * this one on 2 cores, batch 32.
   */
  public static final TokenizerConfig DEFAULT =
      new TokenizerConfig(64, 8, 32, List.of(1, 2, 3, 4, 5, 6, 8), List.of(24, 48, 96, 128), List.of(128, 96, 48, 24), 8);

  /** A tiny configuration for fast tests (random weights). */
  public static final TokenizerConfig TINY = new TokenizerConfig(16, 4, 8, List.of(1, 2, 4), List.of(8, 8, 8), List.of(8, 8, 8), 4);

  public TokenizerConfig {
    scales = ConfigChecks.sizes("scales", scales, 1, 4096);
    encoderChannels = ConfigChecks.sizes("encoder_channels", encoderChannels, 1, 1 << 16);
    decoderChannels = ConfigChecks.sizes("decoder_channels", decoderChannels, 1, 1 << 16);
    ConfigChecks.range("image_size", imageSize, 1, 1 << 14);
    ConfigChecks.range("latent_size", latentSize, 1, 4096);
    ConfigChecks.range("bits", bits, 1, 1024);
    if (encoderChannels.size() > 14) {
      throw new BadInputException("encoder_channels can have at most 14 entries (13 downsamplings), got " + encoderChannels.size());
    }
    int downs = encoderChannels.size() - 1;
    if (downs < 0 || decoderChannels.size() != encoderChannels.size()) {
      throw new BadInputException("encoder_channels and decoder_channels need the same number (≥ 1) of entries");
    }
    if (latentSize << downs != imageSize) {
      throw new BadInputException(
          "image_size " + imageSize + " must equal latent_size " + latentSize + " × 2^" + downs + " (one 2× step per extra channel entry)");
    }
    if (bits < 1) {
      throw new BadInputException("bits must be ≥ 1, got " + bits);
    }
    if (scales.isEmpty() || scales.get(scales.size() - 1) != latentSize) {
      throw new BadInputException("scales must end at latent_size " + latentSize + ", got " + scales);
    }
    for (int i = 0; i < scales.size(); i++) {
      if (scales.get(i) < 1 || (i > 0 && scales.get(i) <= scales.get(i - 1))) {
        throw new BadInputException("scales must be strictly increasing and ≥ 1, got " + scales);
      }
    }
    for (int c : encoderChannels) {
      requireGroups(c, groups);
    }
    for (int c : decoderChannels) {
      requireGroups(c, groups);
    }
    double params = 0, widest = 0;
    for (List<Integer> ch : List.of(encoderChannels, decoderChannels)) {
      for (int i = 0; i < ch.size(); i++) {
        double c = ch.get(i), next = i + 1 < ch.size() ? ch.get(i + 1) : c;
        params += 18 * c * c + 9 * c * next;
        widest = Math.max(widest, c);
      }
    }
    // the parameters, and one image's widest activation at full resolution (a few copies live at once)
    ConfigChecks.parameters("tokenizer", params + 4.0 * imageSize * imageSize * widest);
  }

  private static void requireGroups(int channels, int groups) {
    if (groups < 1 || channels % groups != 0) {
      throw new BadInputException("channel width " + channels + " is not divisible by groups " + groups);
    }
  }

  public int numScales() {
    return scales.size();
  }

  /** Tokens per image: Σ side². */
  public int tokensPerImage() {
    return scales.stream().mapToInt(s -> s * s).sum();
  }
}
