package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Task;
import org.ttsvar.world.io.MetadataJson;

class EvalCommandTest {
  @TempDir Path tmp;
  private Path images;

  /** Ground-truth renders of the first shipped prompt of each task, two per prompt. */
  @BeforeEach
  void render() throws IOException {
    Map<Task, PromptSpec> onePerTask = new LinkedHashMap<>();
    for (PromptSpec s : PromptSets.miniGenEval()) {
      onePerTask.putIfAbsent(s.task(), s);
    }
    Path prompts = tmp.resolve("prompts.jsonl");
    MetadataJson.writeLines(List.copyOf(onePerTask.values()), prompts);
    images = tmp.resolve("images");
    Cli r = Cli.run("render", "--prompts", prompts.toString(), "--out", images.toString(), "--images-per-prompt", "2");
    assertThat(r.code()).as(r.err()).isZero();
  }

  private Path sample(int prompt, int image) {
    return images.resolve(String.format("%05d/samples/%04d.png", prompt, image));
  }

  @Test
  void jsonSummaryIsTheLastLineAndResultsAreWritten() throws IOException {
    Cli r = Cli.run("eval", images.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.lastLine());
    assertThat(json.fieldNames()).toIterable().containsExactly("overall", "tasks", "images");
    assertThat(json.get("tasks").fieldNames()).toIterable().containsExactlyElementsOf(Task.tags());
    assertThat(json.get("images").asInt()).isEqualTo(12);
    // ground truth passes every task
    assertThat(json.get("overall").asDouble()).isEqualTo(1.0);
    json.get("tasks").forEach(t -> assertThat(t.asDouble()).isEqualTo(1.0));
    assertThat(r.out()).contains("single_object").contains("overall");

    List<String> results = Files.readAllLines(images.resolve("results.jsonl"));
    assertThat(results).hasSize(12);
    JsonNode first = new ObjectMapper().readTree(results.get(0));
    assertThat(first.get("filename").asText()).isEqualTo("00000/samples/0000.png");
    assertThat(first.get("correct").asBoolean()).isTrue();
    assertThat(first.has("reason") && first.has("detections") && first.has("tag") && first.has("prompt")).isTrue();
  }

  @Test
  void withoutJsonTheOutputIsATable() {
    Cli r = Cli.run("eval", images.toString(), "--threads", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lastLine()).doesNotStartWith("{");
    assertThat(r.out()).containsPattern("counting\\s+2\\s+2\\s+100\\.00%");
  }

  @Test
  void missingFolderIsBadInput() {
    Cli r = Cli.run("eval", tmp.resolve("nowhere").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("nowhere: no such folder").contains("ttsvar render");
  }

  @Test
  void folderWithoutPromptFoldersIsBadInput() throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    Cli r = Cli.run("eval", tmp.resolve("empty").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("holds no prompt folders");
  }

  @Test
  void malformedMetadataIsBadInput() throws IOException {
    Files.writeString(images.resolve("00002/metadata.jsonl"), "{\"tag\": \"counting\", \"include\": [{\"class\": \"dragon\", \"count\": 2}], \"prompt\": \"x\"}\n");
    Cli r = Cli.run("eval", images.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("00002").contains("metadata.jsonl").contains("unknown object class 'dragon'");
    assertThat(images.resolve("results.jsonl")).doesNotExist();
  }

  @Test
  void missingMetadataIsBadInput() throws IOException {
    Files.delete(images.resolve("00001/metadata.jsonl"));
    Cli r = Cli.run("eval", images.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("00001").contains("metadata.jsonl: missing");
  }

  @Test
  void missingImageIsBadInput() throws IOException {
    Files.delete(sample(3, 0));
    Cli r = Cli.run("eval", images.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("00003").contains("0000.png: missing");
  }

  @Test
  void corruptImagesAreBadInputAndLeaveThePreviousResultsIntact() throws IOException {
    assertThat(Cli.run("eval", images.toString()).code()).isZero();
    byte[] previous = Files.readAllBytes(images.resolve("results.jsonl"));
    byte[] png = Files.readAllBytes(sample(0, 1));
    Files.write(sample(0, 1), Arrays.copyOf(png, png.length - 20)); // truncated
    Files.write(sample(1, 0), new byte[0]); // zero bytes
    Files.writeString(sample(5, 1), "not an image"); // not a PNG
    Cli r = Cli.run("eval", images.toString(), "--json");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("3 problems").contains("00000").contains("00001").contains("00005").contains("regenerate");
    assertThat(r.out()).doesNotContain("overall");
    assertThat(Files.readAllBytes(images.resolve("results.jsonl"))).isEqualTo(previous);
  }

  @Test
  void badThreadCountIsBadUsage() {
    assertThat(Cli.run("eval", images.toString(), "--threads", "0").code()).isEqualTo(Main.BAD_INPUT);
    assertThat(Cli.run("eval").code()).isEqualTo(Main.BAD_INPUT);
    assertThat(Cli.run("eval", "--help").code()).isZero();
  }
}
