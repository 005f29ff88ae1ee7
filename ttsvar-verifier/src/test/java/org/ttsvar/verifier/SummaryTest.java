package org.ttsvar.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

class SummaryTest {
  private static ImageResult result(PromptSpec spec, boolean correct) {
    return new ImageResult("x.png", spec, new Verdict(correct, correct ? "" : "no"), List.of());
  }

  @Test
  void overallIsTheUnweightedMeanOfTheTasksPresent() {
    PromptSpec single = Grammar.singleObject(ShapeClass.STAR);
    PromptSpec counting = Grammar.counting(ShapeClass.RING, 3);
    PromptSpec counting2 = Grammar.counting(ShapeClass.STAR, 2);
    List<ImageResult> results = new ArrayList<>();
    results.add(result(single, true));
    results.add(result(single, true));
    results.add(result(counting, true));
    results.add(result(counting, false));
    results.add(result(counting2, false));
    results.add(result(counting2, false));
    Summary s = Summary.of(results);
    assertThat(s.tasks()).containsOnlyKeys(Task.SINGLE_OBJECT, Task.COUNTING);
    assertThat(s.tasks().get(Task.COUNTING)).isEqualTo(new Summary.TaskScore(4, 1));
    // mean of 1.0 and 0.25, not 3 correct of 6 images
    assertThat(s.overall()).isCloseTo(0.625, within(1e-12));
    assertThat(s.images()).isEqualTo(6);
    assertThat(s.prompts()).isEqualTo(3);
    assertThat(s.promptsWithACorrectImage()).isEqualTo(2);
  }

  @Test
  void jsonLineHasGenEvalsTasksInOrder() throws Exception {
    List<ImageResult> results = List.of(result(Grammar.counting(ShapeClass.RING, 3), true), result(Grammar.singleObject(ShapeClass.STAR), false));
    String line = Summary.of(results).toJsonLine();
    assertThat(line).doesNotContain("\n").startsWith("{\"overall\":");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("overall").asDouble()).isEqualTo(0.5);
    assertThat(json.get("images").asInt()).isEqualTo(2);
    assertThat(json.get("tasks").fieldNames()).toIterable().containsExactly("single_object", "counting");
    assertThat(json.get("tasks").get("counting").asDouble()).isEqualTo(1.0);
  }

  @Test
  void emptySetScoresZero() {
    Summary s = Summary.of(List.of());
    assertThat(s.overall()).isZero();
    assertThat(s.tasks()).isEmpty();
  }
}
