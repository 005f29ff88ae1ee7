package org.ttsvar.models.infinity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * The sizes of a T5 encoder, from the {@code config.json} the hub ships beside the weights (Flan-T5-XL: d_model
 * 2048, 24 layers, 32 heads of 64, d_ff 5120 gated-GELU, 32 relative buckets up to distance 128, eps 1e-6).
 * Only what the encoder needs; the maximum distance and eps cannot be read from tensor shapes, so the file is
 * required, and its sizes are then checked against every tensor.
 *
 * @param maxDistance relative distances at or beyond it share the last bucket
 */
public record T5Config(int vocabSize, int dModel, int dKv, int dFf, int layers, int heads, int buckets, int maxDistance, double eps) {
  public static final String FILE = "config.json";

  public T5Config {
    for (int v : new int[] {vocabSize, dModel, dKv, dFf, layers, heads, buckets, maxDistance}) {
      if (v <= 0 || v > 1 << 20) {
        throw new IllegalArgumentException("a T5 size out of range: " + v);
      }
    }
    if (buckets % 4 != 0) {
      throw new IllegalArgumentException("relative_attention_num_buckets must be a multiple of 4 (two directions, exact and log halves), got " + buckets);
    }
    if (!(eps > 0 && eps < 1)) {
      throw new IllegalArgumentException("layer_norm_epsilon must be in (0, 1), got " + eps);
    }
  }

  /**
   * Reads {@value #FILE} of a Hugging Face T5 folder.
   *
   * @throws CorruptWeightsException naming the file: missing, not JSON, not a gated-GELU T5 (Flan-T5's kind)
   */
  public static T5Config read(Path folder) throws IOException {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new CorruptWeightsException(file + ": not found; the text encoder's folder must hold the hub's config.json beside the weights ("
          + T5Encoder.SOURCE + ")");
    }
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new CorruptWeightsException(file + ": not JSON (" + e.getMessage() + ")");
    }
    if (c == null || !c.isObject()) {
      throw new CorruptWeightsException(file + ": not a JSON object");
    }
    String type = c.path("model_type").asText("t5");
    String ffn = c.path("feed_forward_proj").asText("relu");
    if (!type.equals("t5") || !ffn.equals("gated-gelu")) {
      throw new CorruptWeightsException(file + ": model_type '" + type + "', feed_forward_proj '" + ffn
          + "'; ttsvar runs T5 v1.1 encoders with gated GELU (model_type t5, feed_forward_proj gated-gelu), as Flan-T5-XL is");
    }
    try {
      return new T5Config(required(c, "vocab_size", file), required(c, "d_model", file), required(c, "d_kv", file), required(c, "d_ff", file),
          required(c, "num_layers", file), required(c, "num_heads", file), c.path("relative_attention_num_buckets").asInt(32),
          c.path("relative_attention_max_distance").asInt(128), c.path("layer_norm_epsilon").asDouble(1e-6));
    } catch (IllegalArgumentException e) {
      throw new CorruptWeightsException(file + ": " + e.getMessage());
    }
  }

  private static int required(JsonNode c, String field, Path file) throws CorruptWeightsException {
    JsonNode v = c.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw new CorruptWeightsException(file + ": no integer '" + field + "'; is this a T5 config.json?");
    }
    return v.asInt();
  }

  /** The inner width of attention, heads · d_kv. */
  public int innerWidth() {
    return heads * dKv;
  }
}
