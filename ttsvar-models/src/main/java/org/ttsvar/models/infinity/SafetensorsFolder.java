package org.ttsvar.models.infinity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;

/**
 * The tensors of a Hugging Face model folder: one {@value #SINGLE}, or shards listed by {@value #INDEX}
 * ({@code weight_map}: tensor name → shard file, as the hub ships large models). Shards are memory-mapped
 * and read one tensor at a time; a name the index promises must be in its shard, and a shard outside the
 * folder is refused.
 */
final class SafetensorsFolder implements TensorSource, AutoCloseable {
  static final String SINGLE = "model.safetensors";
  static final String INDEX = "model.safetensors.index.json";

  private final Path folder;
  private final Map<String, SafeTensors> byName;
  private final Map<Path, SafeTensors> shards;

  private SafetensorsFolder(Path folder, Map<String, SafeTensors> byName, Map<Path, SafeTensors> shards) {
    this.folder = folder;
    this.byName = byName;
    this.shards = shards;
  }

  /**
   * Opens the folder's weights.
   *
   * @throws CorruptWeightsException naming the file: no weights, a broken index, a missing or broken shard
   */
  static SafetensorsFolder open(Path folder, String what) throws IOException {
    Path index = folder.resolve(INDEX);
    Path single = folder.resolve(SINGLE);
    Map<Path, SafeTensors> shards = new LinkedHashMap<>();
    Map<String, SafeTensors> byName = new LinkedHashMap<>();
    try {
      if (Files.isRegularFile(index)) {
        for (Map.Entry<String, Path> e : weightMap(index).entrySet()) {
          Path shard = e.getValue();
          SafeTensors st = shards.get(shard);
          if (st == null) {
            if (!Files.isRegularFile(shard)) {
              throw new CorruptWeightsException(index + " lists " + shard.getFileName() + ", which is not there; download every shard it names");
            }
            st = SafeTensors.open(shard);
            shards.put(shard, st);
          }
          if (!st.has(e.getKey())) {
            throw new CorruptWeightsException(shard + ": no tensor '" + e.getKey() + "', though " + INDEX + " puts it there; the download is incomplete or mixed");
          }
          byName.put(e.getKey(), st);
        }
      } else if (Files.isRegularFile(single)) {
        SafeTensors st = SafeTensors.open(single);
        shards.put(single, st);
        st.entries().keySet().forEach(n -> byName.put(n, st));
      } else {
        throw new CorruptWeightsException(folder + ": neither " + SINGLE + " nor " + INDEX + " is there; this should be " + what
            + " (ttsvar reads the safetensors files, never pickled pytorch_model.bin)");
      }
    } catch (IOException | RuntimeException e) {
      closeAll(shards.values());
      throw e;
    }
    return new SafetensorsFolder(folder, byName, shards);
  }

  private static Map<String, Path> weightMap(Path index) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(index.toFile());
    } catch (IOException e) {
      throw new CorruptWeightsException(index + ": not JSON (" + e.getMessage() + ")");
    }
    JsonNode map = root == null ? null : root.get("weight_map");
    if (map == null || !map.isObject() || map.isEmpty()) {
      throw new CorruptWeightsException(index + ": no 'weight_map' object of tensor names and shard files");
    }
    Path folder = index.toAbsolutePath().getParent().normalize(); // absolute: "--text-encoder ." has no parent to compare
    Map<String, Path> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String file = e.getValue().asText("");
      Path shard = folder.resolve(file).normalize();
      if (!e.getValue().isTextual() || file.isEmpty() || !folder.equals(shard.getParent())) {
        throw new CorruptWeightsException(index + ": tensor '" + e.getKey() + "' maps to '" + file + "'; shards must be files of the same folder");
      }
      out.put(e.getKey(), shard);
    }
    return out;
  }

  @Override
  public String where() {
    return folder.toString();
  }

  @Override
  public Set<String> names() {
    return byName.keySet();
  }

  @Override
  public long[] shape(String name) {
    return byName.get(name).entries().get(name).shape().clone();
  }

  @Override
  public TensorData read(String name) throws IOException {
    return byName.get(name).read(name);
  }

  @Override
  public void close() throws IOException {
    closeAll(shards.values());
  }

  private static void closeAll(Iterable<SafeTensors> files) throws IOException {
    for (SafeTensors st : files) {
      st.close();
    }
  }
}
