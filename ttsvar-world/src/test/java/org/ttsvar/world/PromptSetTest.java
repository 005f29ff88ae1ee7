package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.io.MetadataJson;

class PromptSetTest {
  /** The shipped file at the repository root (tests run in the module folder). */
  private static final Path SHIPPED = Path.of("..", "prompts", "minigeneval.jsonl");

  private static String asLines(List<PromptSpec> specs) {
    return specs.stream().map(s -> MetadataJson.toJson(s) + "\n").collect(Collectors.joining());
  }

  @Test
  void defaultSeedReproducesTheShippedFileByteForByte() throws IOException {
    byte[] generated = asLines(PromptSetGenerator.generate(PromptSetGenerator.DEFAULT_SEED, PromptSetGenerator.DEFAULT_DRAWS_PER_TASK))
        .getBytes(StandardCharsets.UTF_8);
    assertThat(generated).isEqualTo(Files.readAllBytes(SHIPPED));
    assertThat(PromptSetGenerator.generate(43, 100)).isEqualTo(PromptSets.miniGenEval());
  }

  @Test
  void sameSeedSameSetOtherSeedOtherSet() {
    assertThat(asLines(PromptSetGenerator.generate(7, 50))).isEqualTo(asLines(PromptSetGenerator.generate(7, 50)));
    assertThat(PromptSetGenerator.generate(8, 50)).isNotEqualTo(PromptSetGenerator.generate(7, 50));
  }

  @Test
  void followsGenEvalsProcedure() {
    List<PromptSpec> set = PromptSetGenerator.generate(43, 100);
    Map<Task, Long> perTask = set.stream().collect(Collectors.groupingBy(PromptSpec::task, Collectors.counting()));
    // single_object: one per class; every other task: at most 100 draws after de-duplication
    assertThat(perTask.get(Task.SINGLE_OBJECT)).isEqualTo(ShapeClass.values().length);
    assertThat(set.stream().filter(s -> s.task() == Task.SINGLE_OBJECT).map(s -> s.include().get(0).shape()))
        .containsExactlyInAnyOrder(ShapeClass.values());
    for (Task t : Task.values()) {
      assertThat(perTask.get(t)).as(t.tag()).isBetween(1L, 100L);
    }
    assertThat(new HashSet<>(set)).hasSameSizeAs(set);
    // tasks come in GenEval's order
    List<Task> order = set.stream().map(PromptSpec::task).distinct().toList();
    assertThat(order).containsExactly(Task.values());
  }

  @Test
  void theValidationSetSharesNoPromptWithTheBenchmarkAndCoversEveryTask() {
    List<PromptSpec> validation = PromptSets.validation();
    java.util.Set<String> test = new java.util.HashSet<>(PromptSets.miniGenEval().stream().map(PromptSpec::prompt).toList());
    assertThat(validation).isNotEmpty()
        .noneMatch(p -> test.contains(p.prompt()) && p.task() != Task.SINGLE_OBJECT && p.task() != Task.COUNTING);
    assertThat(validation.stream().map(PromptSpec::task).distinct()).containsExactlyInAnyOrder(Task.values());
    assertThat(PromptSets.validation()).isEqualTo(validation);
  }
}
