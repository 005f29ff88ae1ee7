package org.ttsvar.models.embedded.reward;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.ttsvar.models.ConfigChecks;
import org.ttsvar.world.BadInputException;

/**
 * Shape of a learned reward model.
 *
 * @param kind {@code cross} (text tokens cross-attend to image patches: the ImageReward analog) or
 *     {@code dual} (text and image encoded apart, meeting only in a token-wise late interaction: the
 *     CLIPScore analog)
 * @param imageSize input side in pixels
 * @param imageChannels widths of the image tower's stride-2 convolutions (the last is the width C)
 * @param textLayers bidirectional layers of the text tower
 * @param fusionLayers cross-attention layers (cross kind only)
 * @param heads attention heads
 * @param maxWords longest prompt in words
 * @param vocabulary prompt words in id order (id 0 is padding)
 * @param locateWords cross kind only: each word's place in the image (the expected patch centre
 *     under its alignment attention) is embedded on the word before the fusion layers and read out
 *     by the placement term, so relations can be judged; absent from older configs (false)
 * @param latent when present, the model reads a generator's accumulated code maps instead of images
 *     (a value head: {@link LatentTower}); absent for rewards, which read images
 */
public record RewardConfig(
    @JsonProperty("kind") String kind,
    @JsonProperty("image_size") int imageSize,
    @JsonProperty("image_channels") List<Integer> imageChannels,
    @JsonProperty("text_layers") int textLayers,
    @JsonProperty("fusion_layers") int fusionLayers,
    @JsonProperty("heads") int heads,
    @JsonProperty("max_words") int maxWords,
    @JsonProperty("vocabulary") List<String> vocabulary,
    @JsonProperty("locate_words") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean locateWords,
    @JsonProperty("latent") @JsonInclude(JsonInclude.Include.NON_NULL) LatentInput latent) {

  /**
   * The code-map input of a value head.
   *
   * @param channels channels of a code map (the generator's bits)
   * @param scales scales of the generator (a learned embedding tells the head how far the path is)
   */
  public record LatentInput(@JsonProperty("channels") int channels, @JsonProperty("scales") int scales) {
    public LatentInput {
      ConfigChecks.range("latent.channels", channels, 1, 1 << 12);
      ConfigChecks.range("latent.scales", scales, 1, 1 << 10);
    }
  }

  /** A reward's config: it reads images. */
  public RewardConfig(String kind, int imageSize, List<Integer> imageChannels, int textLayers, int fusionLayers, int heads, int maxWords, List<String> vocabulary, boolean locateWords) {
    this(kind, imageSize, imageChannels, textLayers, fusionLayers, heads, maxWords, vocabulary, locateWords, null);
  }

  public RewardConfig {
    imageChannels = ConfigChecks.sizes("image_channels", imageChannels, 1, 1 << 16);
    vocabulary = ConfigChecks.present("vocabulary", vocabulary);
    ConfigChecks.range("image_size", imageSize, 1, 1 << 14);
    ConfigChecks.range("text_layers", textLayers, 0, 10_000);
    ConfigChecks.range("fusion_layers", fusionLayers, 0, 10_000);
    ConfigChecks.range("max_words", maxWords, 1, 4096);
    if (!"cross".equals(kind) && !"dual".equals(kind)) {
      throw new BadInputException("reward kind must be 'cross' or 'dual', got '" + kind + "'");
    }
    if (locateWords && !kind.equals("cross")) {
      throw new BadInputException("located words need a cross reward (a " + kind + " reward has no fusion layers to feed them)");
    }
    if (imageChannels.isEmpty() || heads < 1 || imageChannels.get(imageChannels.size() - 1) % heads != 0) {
      throw new BadInputException("the image tower needs widths, and its last width must be divisible by heads " + heads + ": " + imageChannels);
    }
    if (imageChannels.size() > 14) {
      throw new BadInputException("image_channels can have at most 14 entries, got " + imageChannels.size());
    }
    double params = 0, prev = 3;
    for (int ch : imageChannels) {
      params += 9 * prev * ch;
      prev = ch;
    }
    double c = prev;
    params += (textLayers + 2.0 * fusionLayers) * 12 * c * c + (vocabulary.size() + maxWords) * c;
    ConfigChecks.parameters("reward model", params + 4.0 * imageSize * imageSize * imageChannels.get(0));
  }

  /** The same shape with or without {@link #locateWords}. */
  public RewardConfig withLocateWords(boolean locate) {
    return new RewardConfig(kind, imageSize, imageChannels, textLayers, fusionLayers, heads, maxWords, vocabulary, locate, latent);
  }

  /** The same shape reading code maps of a generator with {@code channels} bits and {@code scales} scales (a value head). */
  public RewardConfig withLatentInput(int channels, int scales) {
    return new RewardConfig(kind, imageSize, imageChannels, textLayers, fusionLayers, heads, maxWords, vocabulary, locateWords, new LatentInput(channels, scales));
  }

  public int width() {
    return imageChannels.get(imageChannels.size() - 1);
  }

  /** Side of the patch grid after the stride-2 convolutions. */
  public int gridSize() {
    return imageSize >> imageChannels.size();
  }
}
