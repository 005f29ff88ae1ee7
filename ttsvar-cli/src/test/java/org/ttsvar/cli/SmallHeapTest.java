package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.GenEvalLayout;

/**
 * Issue 25, done-means 2: the worst inputs, given to a JVM with a 256 MB heap and the default memory
 * budget, are refused with exit 2 and a message, in seconds: no {@code OutOfMemoryError}, no stack
 * trace on standard error.
 */
class SmallHeapTest {
  private static final List<String> SMALL_HEAP = List.of("-Xmx256m");
  /** A guard, not a benchmark: a refusal takes a JVM start and a little reading; minutes would mean work was done first. */
  private static final double SECONDS = 30;

  @TempDir static Path models;
  @TempDir Path tmp;

  @BeforeAll
  static void saveTinyModels() throws IOException {
    TinyModels.save(models);
  }


  @Test
  void hugeSearchesAreRefusedUnderASmallHeap() throws Exception {
    for (String n : new String[] {"1000000", "100000000", "2147483647"}) {
      refused("--n", generate(models.resolve("var"), "--n", n));
    }
    Path var = copyOfVar();
    Files.writeString(var.resolve("search.json"),
        "{\"batchSchedule\":[100000000,2,2],\"clusterScales\":[1],\"resampleScales\":[0],\"potential\":\"value\",\"lambda\":10.0,\"extractor\":\"pca\"}");
    refused(var.resolve("search.json").toString(), generate(var, "--n", "1"));
    Path wide = copyOfVar();
    Files.writeString(wide.resolve("config.json"), Files.readString(wide.resolve("config.json")).replace("\"width\" : 32", "\"width\" : 16384"));
    refused(wide.resolve("config.json").toString(), generate(wide, "--n", "1"));
  }

  @Test
  void hugeDrawsAndImageCountsAreRefusedUnderASmallHeap() throws Exception {
    refused("--draws-per-task", "prompts", "--draws-per-task", "2000000000", "--out", tmp.resolve("p.jsonl").toString());
    refused("images per prompt must be ≤ 10000", "render", "--images-per-prompt", "2000000000", "--out", tmp.resolve("r").toString());
    assertThat(tmp.resolve("p.jsonl")).doesNotExist();
    assertThat(tmp.resolve("r")).doesNotExist();
  }

  @Test
  void aRealPngBombIsRefusedUnderASmallHeap() throws Exception {
    // 8000×8000 RGB of zeros: 192 MB of pixels (a 256 MB Java image once decoded) in a file of a few hundred KB
    Path root = tmp.resolve("geneval");
    Path dir = GenEvalLayout.writePrompt(root, 0, PromptSpec.parse("a photo of a red circle"));
    Path bomb = GenEvalLayout.samplePath(dir, 0);
    writeBlackPng(bomb, 8000, 8000);
    assertThat(Files.size(bomb)).isLessThan(1 << 20);
    refused("8000×8000", "eval", root.toString());
    refused("8000×8000", "reward", "--prompt", "a photo of a red circle", bomb.toString());
  }

  /** Runs ttsvar under the small heap and checks that it refused at once, cleanly, saying {@code expected}. */
  private void refused(String expected, String... args) throws Exception {
    ChildJvm.Result r = ChildJvm.run(tmp, 120, SMALL_HEAP, args);
    String what = String.join(" ", args).replace(models.toString(), "MODELS");
    assertThat(r.code()).as(what + ": " + r.err()).isEqualTo(2);
    assertThat(r.err()).as(what).contains(expected).doesNotContain("OutOfMemoryError").doesNotContain("\tat ").doesNotContain("Exception in thread");
    assertThat(r.seconds()).as(what + ": seconds to refuse").isLessThan(SECONDS);
  }

  private static String[] generate(Path var, String... more) {
    List<String> a = new ArrayList<>(List.of("generate", "a photo of a red circle", "--tokenizer", models.resolve("tokenizer").toString(), "--var",
        var.toString(), "--reward-type", "oracle", "--out", models.resolve("never").toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  private Path copyOfVar() throws IOException {
    Path dir = Files.createTempDirectory(tmp, "var");
    try (var s = Files.list(models.resolve("var"))) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    return dir;
  }

  /** A valid PNG of a black w×h RGB image, compressed as it is written (no w×h buffer here either). */
  static void writeBlackPng(Path file, int w, int h) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
      var idat = new java.io.ByteArrayOutputStream();
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat, new Deflater(Deflater.BEST_COMPRESSION))) {
        byte[] row = new byte[1 + 3 * w]; // filter byte 0, then black pixels
        for (int y = 0; y < h; y++) {
          z.write(row);
        }
      }
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
    }
  }

  private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
