package org.ttsvar.models.embedded.var;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.ttsvar.models.ConfigChecks;
import org.ttsvar.world.BadInputException;

/**
 * Shape of the text-to-image VAR transformer (Infinity's design in miniature).
 *
 * @param width model width C
 * @param depth number of image blocks (AdaLN self-attention + cross-attention + MLP)
 * @param heads attention heads (width must be divisible by it)
 * @param mlpRatio MLP hidden width as a multiple of C
 * @param textDepth bidirectional transformer layers of the word-level text encoder
 * @param maxWords longest prompt in words
 * @param vocabulary the words a prompt may use, in id order (id 0 is padding, so word i has id i+1)
 * @param bits bits per token (the tokenizer's d)
 * @param scales token-map sides per scale (the tokenizer's)
 * @param condDropout probability of replacing the text by the learned null text during training (CFG)
 */
public record VarConfig(
    @JsonProperty("width") int width,
    @JsonProperty("depth") int depth,
    @JsonProperty("heads") int heads,
    @JsonProperty("mlp_ratio") int mlpRatio,
    @JsonProperty("text_depth") int textDepth,
    @JsonProperty("max_words") int maxWords,
    @JsonProperty("vocabulary") List<String> vocabulary,
    @JsonProperty("bits") int bits,
    @JsonProperty("scales") List<Integer> scales,
    @JsonProperty("cond_dropout") double condDropout) {

  public VarConfig {
    vocabulary = ConfigChecks.present("vocabulary", vocabulary);
    scales = ConfigChecks.sizes("scales", scales, 1, 4096);
    ConfigChecks.range("width", width, 1, 1 << 16);
    ConfigChecks.range("depth", depth, 1, 10_000);
    ConfigChecks.range("heads", heads, 1, width);
    if (width % heads != 0) {
      throw new BadInputException("width " + width + " must be divisible by heads " + heads + ", depth ≥ 1");
    }
    ConfigChecks.range("mlp_ratio", mlpRatio, 1, 64);
    ConfigChecks.range("text_depth", textDepth, 0, 10_000);
    ConfigChecks.range("max_words", maxWords, 1, 4096);
    ConfigChecks.range("bits", bits, 1, 1024);
    if (scales.isEmpty() || scales.size() > 64) {
      throw new BadInputException("scales must have 1 to 64 entries, got " + scales.size());
    }
    if (condDropout < 0 || condDropout >= 1) {
      throw new BadInputException("cond_dropout must be in [0, 1), got " + condDropout);
    }
    double c = width;
    ConfigChecks.parameters("VAR model",
        depth * (14.0 + 2 * mlpRatio) * c * c + textDepth * (4.0 + 2 * mlpRatio) * c * c + (vocabulary.size() + maxWords + 4.0 * bits) * c);
  }

  /** The same model at another size (the text encoder, vocabulary, bits and scales unchanged). */
  public VarConfig withSize(int width, int depth, int heads) {
    return new VarConfig(width, depth, heads, mlpRatio, textDepth, maxWords, vocabulary, bits, scales, condDropout);
  }

  public int headDim() {
    return width / heads;
  }

  public int numScales() {
    return scales.size();
  }

  /** Tokens of the whole sequence, Σ side². */
  public int sequenceLength() {
    return scales.stream().mapToInt(s -> s * s).sum();
  }

  /** First token index of scale k. */
  public int scaleStart(int k) {
    int start = 0;
    for (int i = 0; i < k; i++) {
      start += scales.get(i) * scales.get(i);
    }
    return start;
  }

  public int tokensAt(int k) {
    return scales.get(k) * scales.get(k);
  }
}
