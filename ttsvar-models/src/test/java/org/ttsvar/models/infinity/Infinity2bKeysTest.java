package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ttsvar.models.infinity.BsqVaeDecoderTest.resource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.world.io.ProcessMemory;

/**
 * The loader accepts exactly the official Infinity-2B key set (the reference's {@code state_dict()} names
 * and shapes for the 2B config, by tools/parity/infinity/make_goldens.py) without reading 8.8 GB: shapes
 * only.
 */
class Infinity2bKeysTest {
  static Map<String, long[]> keys;
  static long published;

  @BeforeAll
  static void read() throws IOException {
    JsonNode root = new ObjectMapper().readTree(resource("infinity_2b_keys.json").toFile());
    keys = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("keys").fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      keys.put(e.getKey(), StreamSupport.stream(e.getValue().get("shape").spliterator(), false).mapToLong(JsonNode::asLong).toArray());
    }
    assertThat(keys).hasSize(root.get("tensors").asInt());
    published = root.get("parameters").asLong();
  }

  @Test
  void acceptsTheOfficialKeySetAndReadsThe2bSizesFromIt() throws IOException {
    long start = ProcessMemory.residentBytes();
    InfinityTransformer.Sizes s = InfinityTransformer.checkShapes(TensorSource.ofShapes("infinity_2b_keys.json", keys));
    long total = keys.values().stream().mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
    System.out.printf("2B key set: %d tensors, %d values (published parameters %d), %s%n", keys.size(), s.values(), published, s);
    assertThat(s).isEqualTo(new InfinityTransformer.Sizes(32, 2048, 16, 32, 2048, 512, 8192, total));
    assertThat(total).isGreaterThanOrEqualTo(published); // the state dict also holds buffers (zero_k_bias)
    long grown = ProcessMemory.residentBytes() - start;
    System.out.printf("resident memory grew by %.1f MiB while checking (fp32 2B: 8.2 GiB)%n", grown / 1048576.0);
    assertThat(grown).isLessThan(512L << 20);
  }

  @Test
  void refusesAMissingAMisShapedAndAnUnexpectedKey() {
    String victim = "block_chunks.7.module.3.ffn.fc2.weight";
    Map<String, long[]> missing = new HashMap<>(keys);
    missing.remove(victim);
    assertThatThrownBy(() -> InfinityTransformer.checkShapes(TensorSource.ofShapes("2b", missing))).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("missing tensor '" + victim + "'");
    Map<String, long[]> misShaped = new HashMap<>(keys);
    misShaped.put("block_chunks.0.module.0.sa.mat_qkv.weight", new long[] {6144, 2047});
    assertThatThrownBy(() -> InfinityTransformer.checkShapes(TensorSource.ofShapes("2b", misShaped))).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("sa.mat_qkv.weight").hasMessageContaining("[6144, 2047]");
    Map<String, long[]> extra = new HashMap<>(keys);
    extra.put("block_chunks.0.module.0.sa.extra_bias", new long[] {2048});
    assertThatThrownBy(() -> InfinityTransformer.checkShapes(TensorSource.ofShapes("2b", extra))).isInstanceOf(CorruptWeightsException.class)
        .hasMessageContaining("unexpected tensor [block_chunks.0.module.0.sa.extra_bias]");
  }
}
