package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ttsvar.models.infinity.T5PromptTokenizerTest.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.io.ProcessMemory;

/**
 * The T5 encoder against Hugging Face transformers' own {@code T5EncoderModel} (tools/parity/t5/make_encoder_goldens.py):
 * a tiny random Flan-T5-layout model in the hub's files (config.json, two safetensors shards and their index, the
 * decoder's tensors included), the tokenizer golden's 16 prompts (up to the full 512 tokens, so every relative bucket
 * is used) run as Infinity runs them (padded to 512 with the mask, real tokens kept), and the bucket of every distance.
 * Then the loader's strictness, and the real Flan-T5-XL key set checked without its weights.
 */
class T5EncoderTest {
  static final Path FOLDER = resource("tiny-flan-t5");
  static T5TextFeatures text;

  @BeforeAll
  static void load() throws IOException {
    text = T5TextFeatures.load(FOLDER);
  }

  @AfterAll
  static void close() {
    text.close();
  }

  @Test
  void everyGoldenPromptGivesTheReferenceIdsAndStatesOfItsRealTokens() throws IOException {
    T5Parity.Result r = T5Parity.check(text, resource("encoder_golden.safetensors"));
    assertThat(r.prompts()).hasSize(16);
    assertThat(r.tokensMatch()).containsOnly(true);
    for (int k = 0; k < r.prompts().size(); k++) {
      assertThat(r.maxAbs().get(k)).as("prompt %d: max |Δ|", k).isLessThanOrEqualTo(T5Parity.TOLERANCE);
    }
    assertThat(r.passes()).isTrue();
    System.out.printf("T5 encoder vs transformers: max |Δ| = %.3g over %d prompts%n", r.worst(), r.prompts().size());
    // and the features the search gets are those states
    TensorData viaSearch = text.of(r.prompts().get(0));
    assertThat(viaSearch.values()).isEqualTo(text.encoder().encode(text.tokenize(r.prompts().get(0))).values());
  }

  @Test
  void bucketsAreTheReferencesForEveryDistanceUpTo511() throws IOException {
    long[] want = toLongs(SafeTensors.readAll(resource("encoder_golden.safetensors")).get("buckets"));
    assertThat(want).hasSize(1023);
    for (int i = 0; i < want.length; i++) {
      int relative = i - 511;
      assertThat(T5Encoder.bucket(relative, 32, 128)).as("distance %d", relative).isEqualTo((int) want[i]);
    }
  }

  @Test
  void theLastPromptIsEncodedOnce() {
    TensorData a = text.of("a photo of a cat");
    assertThat(text.of("a photo of a cat")).isSameAs(a);
    assertThat(text.of("a corgi")).isNotSameAs(a);
    assertThat(text.describe()).contains("tiny-flan-t5").contains("2 layers, width 128");
  }

  @Test
  void tokenIdsOutsideTheVocabularyAreRefused() {
    assertThatThrownBy(() -> text.encoder().encode(new int[] {5, 200, 1})).isInstanceOf(BadInputException.class)
        .hasMessageContaining("token id 200").hasMessageContaining("vocabulary of 200");
    assertThatThrownBy(() -> text.encoder().encode(new int[0])).isInstanceOf(BadInputException.class);
  }

  @Test
  void theHubsSingleFileLayoutLoadsTheSameModel(@TempDir Path dir) throws IOException {
    Files.copy(FOLDER.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(FOLDER.resolve("spiece.model"), dir.resolve("spiece.model"));
    SafeTensors.write(dir.resolve(SafetensorsFolder.SINGLE), allTensors(), Map.of("format", "pt"));
    try (T5TextFeatures single = T5TextFeatures.load(dir)) {
      assertThat(single.of("a photo of a cat").values()).isEqualTo(text.of("a photo of a cat").values());
    }
  }

  @Test
  void aFolderNamedRelativelyLoadsItsShards() throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(FOLDER.toAbsolutePath());
    try (SafetensorsFolder source = SafetensorsFolder.open(relative, "the tiny T5")) {
      assertThat(source.names()).contains("shared.weight", "encoder.final_layer_norm.weight");
    }
  }

  @Test
  void missingMisShapedAndUnexpectedTensorsAreNamed(@TempDir Path dir) throws IOException {
    String victim = "encoder.block.1.layer.1.DenseReluDense.wi_1.weight";
    Map<String, TensorData> missing = allTensors();
    missing.remove(victim);
    assertThatThrownBy(() -> loadWith(dir.resolve("missing"), missing)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("missing tensor '" + victim + "'");
    Map<String, TensorData> misShaped = allTensors();
    misShaped.put(victim, new TensorData(new long[] {192, 127}, new float[192 * 127]));
    assertThatThrownBy(() -> loadWith(dir.resolve("shape"), misShaped)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining(victim).hasMessageContaining("[192, 127]");
    Map<String, TensorData> extra = allTensors();
    extra.put("encoder.block.0.layer.0.SelfAttention.q.bias", new TensorData(new long[] {128}, new float[128]));
    assertThatThrownBy(() -> loadWith(dir.resolve("extra"), extra)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("unexpected tensor [encoder.block.0.layer.0.SelfAttention.q.bias]");
    Map<String, TensorData> tiedOnly = allTensors(); // an export that kept the encoder's own name for the embedding
    tiedOnly.put("encoder.embed_tokens.weight", tiedOnly.remove("shared.weight"));
    loadWith(dir.resolve("tied"), tiedOnly).close();
  }

  @Test
  void brokenFoldersAreNamedWithWhatToDo(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> T5TextFeatures.load(dir.resolve("absent"))).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("not a folder").hasMessageContaining("google/flan-t5-xl");
    Path noConfig = Files.createDirectories(dir.resolve("no-config"));
    Files.copy(FOLDER.resolve("spiece.model"), noConfig.resolve("spiece.model"));
    assertThatThrownBy(() -> T5TextFeatures.load(noConfig)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("config.json: not found");
    Path relu = copyOfTiny(dir.resolve("relu"));
    Files.writeString(relu.resolve("config.json"), Files.readString(relu.resolve("config.json")).replace("gated-gelu", "relu"));
    assertThatThrownBy(() -> T5TextFeatures.load(relu)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("feed_forward_proj 'relu'").hasMessageContaining("gated-gelu");
    Path shardGone = copyOfTiny(dir.resolve("shard-gone"));
    Files.delete(shardGone.resolve("model-00002-of-00002.safetensors"));
    assertThatThrownBy(() -> T5TextFeatures.load(shardGone)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("lists model-00002-of-00002.safetensors, which is not there");
    Path escape = copyOfTiny(dir.resolve("escape"));
    Path index = escape.resolve(SafetensorsFolder.INDEX);
    Files.writeString(index, Files.readString(index).replaceFirst("\"model-00001-of-00002.safetensors\"", "\"../model-00001-of-00002.safetensors\""));
    assertThatThrownBy(() -> T5TextFeatures.load(escape)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("shards must be files of the same folder");
    Path noWeights = Files.createDirectories(dir.resolve("no-weights"));
    Files.copy(FOLDER.resolve("config.json"), noWeights.resolve("config.json"));
    Files.copy(FOLDER.resolve("spiece.model"), noWeights.resolve("spiece.model"));
    assertThatThrownBy(() -> T5TextFeatures.load(noWeights)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("neither model.safetensors nor model.safetensors.index.json").hasMessageContaining("pytorch_model.bin");
  }

  @Test
  void acceptsFlanT5XlsKeySetAndSizesWithoutItsWeights() throws IOException {
    JsonNode root = new ObjectMapper().readTree(resource("flan_t5_xl_encoder_keys.json").toFile());
    Map<String, long[]> keys = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("tensors").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      keys.put(e.getKey(), StreamSupport.stream(e.getValue().spliterator(), false).mapToLong(JsonNode::asLong).toArray());
    }
    T5Config xl = new T5Config(32128, 2048, 64, 5120, 24, 32, 32, 128, 1e-6);
    long start = ProcessMemory.residentBytes();
    long values = T5Encoder.checkShapes(TensorSource.ofShapes("flan_t5_xl_encoder_keys.json", keys), xl);
    long perLayer = 2 * 2048 + 4L * 2048 * 2048 + 3L * 2048 * 5120;
    assertThat(values).isEqualTo(32128L * 2048 + 32 * 32 + 24 * perLayer + 2048); // ≈ 1.22 B: the encoder alone
    assertThat(ProcessMemory.residentBytes() - start).isLessThan(512L << 20);
    Map<String, long[]> wrongHeads = new HashMap<>(keys);
    wrongHeads.put("encoder.block.0.layer.0.SelfAttention.relative_attention_bias.weight", new long[] {32, 16});
    assertThatThrownBy(() -> T5Encoder.checkShapes(TensorSource.ofShapes("xl", wrongHeads), xl)).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("relative_attention_bias.weight").hasMessageContaining("[32, 16]");
  }

  private static T5TextFeatures loadWith(Path dir, Map<String, TensorData> tensors) throws IOException {
    Files.createDirectories(dir);
    Files.copy(FOLDER.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(FOLDER.resolve("spiece.model"), dir.resolve("spiece.model"));
    SafeTensors.write(dir.resolve(SafetensorsFolder.SINGLE), tensors, Map.of());
    return T5TextFeatures.load(dir);
  }

  private static Path copyOfTiny(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var files = Files.list(FOLDER)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  private static Map<String, TensorData> allTensors() throws IOException {
    Map<String, TensorData> all = new LinkedHashMap<>();
    try (SafetensorsFolder source = SafetensorsFolder.open(FOLDER, "the tiny T5")) {
      for (String name : source.names()) {
        all.put(name, source.read(name));
      }
    }
    return all;
  }

  private static long[] toLongs(TensorData t) {
    long[] out = new long[t.values().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (long) t.values()[i];
    }
    return out;
  }
}
