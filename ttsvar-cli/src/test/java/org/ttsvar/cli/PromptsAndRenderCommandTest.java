package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptsAndRenderCommandTest {
  @TempDir Path tmp;

  @Test
  void sameSeedSamePromptFileAndTheDefaultIsTheShippedSet() throws IOException {
    Path a = tmp.resolve("a.jsonl"), b = tmp.resolve("b.jsonl");
    assertThat(Cli.run("prompts", "--out", a.toString()).code()).isZero();
    assertThat(Cli.run("prompts", "--seed", "43", "--out", b.toString()).code()).isZero();
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(Path.of("..", "prompts", "minigeneval.jsonl")));
    Path c = tmp.resolve("c.jsonl");
    assertThat(Cli.run("prompts", "--seed", "44", "--out", c.toString()).code()).isZero();
    assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
  }

  @Test
  void promptsRefusesToOverwrite() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.jsonl"), "keep me");
    Cli r = Cli.run("prompts", "--out", a.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("already exists").contains("--force");
    assertThat(a).hasContent("keep me");
  }

  @Test
  void sameSeedSamePngBytes() throws IOException {
    Path x = tmp.resolve("x"), y = tmp.resolve("y");
    assertThat(Cli.run("render", "--limit", "5", "--images-per-prompt", "2", "--seed", "3", "--out", x.toString()).code()).isZero();
    assertThat(Cli.run("render", "--limit", "5", "--images-per-prompt", "2", "--seed", "3", "--out", y.toString()).code()).isZero();
    List<Path> files = files(x);
    assertThat(files).hasSize(5 * 3 + 1); // per prompt: metadata + 2 images; plus run.json (the run's lock is gone)
    for (Path f : files) {
      assertThat(Files.readAllBytes(y.resolve(x.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
    }
    Path z = tmp.resolve("z");
    assertThat(Cli.run("render", "--limit", "5", "--images-per-prompt", "2", "--seed", "4", "--out", z.toString()).code()).isZero();
    assertThat(Files.readAllBytes(z.resolve("00000/samples/0000.png"))).isNotEqualTo(Files.readAllBytes(x.resolve("00000/samples/0000.png")));
  }

  @Test
  void renderRefusesAFolderHoldingResults() throws IOException {
    Path x = tmp.resolve("x");
    assertThat(Cli.run("render", "--limit", "2", "--images-per-prompt", "1", "--out", x.toString()).code()).isZero();
    byte[] before = Files.readAllBytes(x.resolve("00000/samples/0000.png"));
    Cli r = Cli.run("render", "--limit", "2", "--images-per-prompt", "1", "--seed", "9", "--out", x.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("already holds results").contains("--resume");
    assertThat(Files.readAllBytes(x.resolve("00000/samples/0000.png"))).isEqualTo(before);
  }

  @Test
  void renderReportsABadPromptFile() throws IOException {
    Path prompts = Files.writeString(tmp.resolve("p.jsonl"), "{\"tag\": \"single_object\", \"include\": [{\"class\": \"unicorn\", \"count\": 1}], \"prompt\": \"a photo of a unicorn\"}\n");
    Cli r = Cli.run("render", "--prompts", prompts.toString(), "--out", tmp.resolve("out").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("p.jsonl line 1").contains("unknown object class 'unicorn'");
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
