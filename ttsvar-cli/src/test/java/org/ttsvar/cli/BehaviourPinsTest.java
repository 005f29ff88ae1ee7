package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seeds, same bytes, across refactorings: every strategy of {@code generate}, {@code sample} and
 * {@code bench --suite quick} on the shipped models, pinned by the SHA-256 of every image and of every
 * record with its timings removed. The pins in {@code behaviour-pins.txt} were written by this test
 * (run with {@code -Dttsvar.pins.write=true}) at commit 52490a5, before the redesign of issue 21, and
 * rewritten on purpose for issue 24, when the embedded model's defaults began to score partial paths
 * with the value head and to cluster on {@code latent-pca} (the searches' images and traces changed;
 * raw sampling's and Best-of-N's images, {@code sample} and the raw and Best-of-N records of the bench
 * did not; their traces gained the {@code scorer} line of the setup); and again when traces gained the
 * resampling draw ({@code resampling}, and each resampling step's {@code ess} and {@code resampled}): only
 * the traces changed, every image and record kept its bytes; and again when the embedded model's
 * defaults gained the adaptive budget ({@code narrowAbove} 0.0 in search.json): the images, traces and
 * bench records of ttsvar and its ablations changed, raw's, Best-of-N's, importance sampling's and
 * {@code sample}'s did not. A change that alters any image
 * or record (a new model release, a changed sampler) must rewrite them on purpose and say so in its
 * commit.
 */
class BehaviourPinsTest {
  private static final Path PINS = Path.of("src/test/resources/behaviour-pins.txt");
  private static final String PROMPT = "a photo of a red circle and a blue square";
  private static final List<String> STRATEGIES = List.of("raw", "bon", "is", "ttsvar", "random-drop", "cluster-only", "resample-only");
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  @TempDir Path tmp;

  @Test
  void everyStrategySampleAndTheQuickBenchKeepTheirBytes() throws Exception {
    for (String s : STRATEGIES) {
      String n = s.equals("raw") ? "1" : "2";
      Cli g = Cli.run("generate", PROMPT, "--strategy", s, "--n", n, "--seed", "3", "--out", tmp.resolve("generate-" + s).toString());
      assertThat(g.code()).as(g.err()).isZero();
    }
    Cli d = Cli.run("generate", "a photo of three circles", "--n", "2", "--cal-type", "diff", "--lam", "2", "--seed", "1", "--out", tmp.resolve("generate-diff").toString());
    assertThat(d.code()).as(d.err()).isZero();
    Path prompts = TestPrompts.twoPerTask(tmp.resolve("prompts.jsonl"));
    Cli s = Cli.run("sample", "--prompts", prompts.toString(), "--images-per-prompt", "1", "--out", tmp.resolve("sample").toString());
    assertThat(s.code()).as(s.err()).isZero();
    Cli b = Cli.run("bench", "--suite", "quick", "--seeds", "0", "--out", tmp.resolve("bench").toString());
    assertThat(b.code()).as(b.err()).isZero();

    Map<String, String> actual = digests(tmp);
    if (Boolean.getBoolean("ttsvar.pins.write")) {
      StringBuilder text = new StringBuilder();
      actual.forEach((file, hash) -> text.append(hash).append("  ").append(file).append('\n'));
      Files.writeString(PINS, text);
    }
    Map<String, String> pinned = new TreeMap<>();
    for (String line : Files.readAllLines(PINS)) {
      pinned.put(line.substring(66), line.substring(0, 64));
    }
    assertThat(actual).as("images and records (timings aside) of the shipped models").isEqualTo(pinned);
  }

  /** SHA-256 of every PNG, and of every trace and record with its timings removed, by relative path. */
  private static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String rel = root.relativize(f).toString().replace('\\', '/');
        String name = f.getFileName().toString();
        if (name.endsWith(".png") && !name.startsWith("consistency")) {
          out.put(rel, sha256(Files.readAllBytes(f)));
        } else if (name.equals("trace.json")) {
          out.put(rel, sha256(canonical(JSON.readTree(f.toFile()))));
        } else if (name.equals("records.jsonl")) {
          StringBuilder all = new StringBuilder();
          for (String line : Files.readAllLines(f)) {
            all.append(new String(canonical(JSON.readTree(line)), StandardCharsets.UTF_8)).append('\n');
          }
          out.put(rel, sha256(all.toString().getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }

  /** The JSON without what the clock decides (wall times, resident memory), keys sorted. */
  private static byte[] canonical(JsonNode node) throws IOException {
    strip(node);
    return JSON.writeValueAsBytes(JSON.treeToValue(node, Object.class));
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (k.endsWith("_ms") || k.endsWith("Nanos") || k.equals("peakRssBytes") || k.equals("overhead_fraction")) {
          it.remove();
        }
      }
    }
    node.forEach(BehaviourPinsTest::strip);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
