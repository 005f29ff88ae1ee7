package org.ttsvar.world.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.ShapeClass;

class MetadataJsonTest {
  @TempDir Path tmp;

  @Test
  void writesGenEvalsLayoutAndSpacing() {
    assertThat(MetadataJson.toJson(Grammar.counting(ShapeClass.CROSS, 2)))
        .isEqualTo(
            "{\"tag\": \"counting\", \"include\": [{\"class\": \"cross\", \"count\": 2}], \"exclude\": [{\"class\": \"cross\", \"count\": 3}], \"prompt\": \"a photo of two crosses\"}");
    assertThat(MetadataJson.toJson(Grammar.position(ShapeClass.RING, Relation.LEFT_OF, ShapeClass.STAR)))
        .isEqualTo(
            "{\"tag\": \"position\", \"include\": [{\"class\": \"star\", \"count\": 1}, {\"class\": \"ring\", \"count\": 1, \"position\": [\"left of\", 0]}], \"prompt\": \"a photo of a ring left of a star\"}");
    assertThat(MetadataJson.toJson(Grammar.colors(Colour.BROWN, ShapeClass.HEART)))
        .contains("{\"class\": \"heart\", \"count\": 1, \"color\": \"brown\"}");
  }

  @Test
  void everyShippedSpecSurvivesARoundTrip() {
    for (PromptSpec spec : PromptSets.miniGenEval()) {
      assertThat(MetadataJson.parse(MetadataJson.toJson(spec), "test")).isEqualTo(spec);
    }
  }

  @Test
  void fileRoundTrip() throws IOException {
    Path file = tmp.resolve("p.jsonl");
    List<PromptSpec> specs = PromptSets.miniGenEval().subList(0, 20);
    MetadataJson.writeLines(specs, file);
    assertThat(MetadataJson.readLines(file)).isEqualTo(specs);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{not json                                                                           | not valid JSON",
        "[1, 2]                                                                              | expected a JSON object",
        "{\"tag\": \"counting\", \"include\": [{\"class\": \"star\", \"count\": 2}], \"prompt\": \"x\", \"extra\": 1} | unknown key 'extra'",
        "{\"include\": [{\"class\": \"star\", \"count\": 1}], \"prompt\": \"x\"}               | 'tag' must be a string",
        "{\"tag\": \"colours\", \"include\": [{\"class\": \"star\", \"count\": 1}], \"prompt\": \"x\"} | unknown task tag 'colours'",
        "{\"tag\": \"single_object\", \"include\": [], \"prompt\": \"x\"}                      | expected a non-empty array of clauses",
        "{\"tag\": \"single_object\", \"include\": [{\"class\": \"star\", \"count\": 1.5}], \"prompt\": \"x\"} | 'count' must be an integer",
        "{\"tag\": \"single_object\", \"include\": [{\"class\": \"star\", \"count\": 0}], \"prompt\": \"x\"} | clause count must be ≥ 1",
        "{\"tag\": \"single_object\", \"include\": [{\"class\": \"dog\", \"count\": 1}], \"prompt\": \"x\"} | unknown object class 'dog'; known: [circle",
        "{\"tag\": \"colors\", \"include\": [{\"class\": \"star\", \"count\": 1, \"color\": \"teal\"}], \"prompt\": \"x\"} | unknown colour 'teal'; known: [red",
        "{\"tag\": \"position\", \"include\": [{\"class\": \"star\", \"count\": 1, \"position\": \"left of\"}], \"prompt\": \"x\"} | 'position' must be [relation, includeIndex]",
        "{\"tag\": \"position\", \"include\": [{\"class\": \"star\", \"count\": 1, \"position\": [\"near\", 0]}], \"prompt\": \"x\"} | unknown relation 'near'",
        "{\"tag\": \"position\", \"include\": [{\"class\": \"star\", \"count\": 1, \"position\": [\"above\", 3]}], \"prompt\": \"x\"} | position target 3 is not an include index",
        "{\"tag\": \"single_object\", \"include\": [{\"class\": \"star\", \"count\": 1}]}        | 'prompt' must be a string",
      })
  void malformedMetadataIsReportedWithItsSourceAndField(String json, String expected) {
    assertThatThrownBy(() -> MetadataJson.parse(json, "prompts.jsonl line 7"))
        .isInstanceOf(MetadataException.class)
        .hasMessageStartingWith("prompts.jsonl line 7")
        .hasMessageContaining(expected);
  }

  @Test
  void clauseErrorsNameTheClause() {
    assertThatThrownBy(
            () -> MetadataJson.parse("{\"tag\": \"two_object\", \"include\": [{\"class\": \"star\", \"count\": 1}, {\"class\": \"cat\", \"count\": 1}], \"prompt\": \"x\"}", "f"))
        .hasMessageStartingWith("f, include[1]: ");
  }

  @Test
  void fileErrorsNameTheFileAndLine() throws IOException {
    Path missing = tmp.resolve("missing.jsonl");
    assertThatThrownBy(() -> MetadataJson.readLines(missing)).isInstanceOf(MetadataException.class).hasMessageContaining("no such file").hasMessageContaining("ttsvar prompts");
    Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "\n\n");
    assertThatThrownBy(() -> MetadataJson.readLines(empty)).isInstanceOf(MetadataException.class).hasMessageContaining("holds no prompts");
    Path bad = Files.writeString(tmp.resolve("bad.jsonl"), MetadataJson.toJson(Grammar.singleObject(ShapeClass.STAR)) + "\n{oops\n");
    assertThatThrownBy(() -> MetadataJson.readLines(bad)).isInstanceOf(MetadataException.class).hasMessageContaining("bad.jsonl line 2");
  }
}
