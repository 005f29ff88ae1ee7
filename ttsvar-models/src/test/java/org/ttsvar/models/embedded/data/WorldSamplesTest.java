package org.ttsvar.models.embedded.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.Clause;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

class WorldSamplesTest {
  private static final Set<ShapeClass> HARD = Set.of(ShapeClass.STAR, ShapeClass.CROSS, ShapeClass.ARROW);

  @Test
  void withoutAFocusTheStreamIsThePlainOne() {
    WorldSamples plain = new WorldSamples(2, 0.0);
    WorldSamples none = new WorldSamples(2, 0.0, ShapeFocus.NONE);
    for (int i = 0; i < 64; i++) {
      assertThat(none.sample(7, i).spec()).isEqualTo(plain.sample(7, i).spec());
      assertThat(none.sample(7, i).image().toChwFloats()).isEqualTo(plain.sample(7, i).image().toChwFloats());
    }
  }

  @Test
  void aFullFocusNamesAFocusShapeInEveryPromptAndKeepsTheTasksShares() {
    WorldSamples focused = new WorldSamples(2, 0.0, new ShapeFocus(HARD, 1.0));
    WorldSamples plain = new WorldSamples(2, 0.0);
    for (int i = 0; i < 300; i++) {
      var spec = focused.sample(3, i).spec();
      assertThat(spec.include().stream().map(Clause::shape)).as(spec.prompt()).containsAnyElementsOf(HARD);
      assertThat(spec.task()).isEqualTo(plain.sample(3, i).spec().task()); // the task is drawn first and kept
    }
  }

  @Test
  void aPartialFocusRaisesTheFocusShapesShareAndIsDeterministic() {
    assertThat(shareNamingHard(new WorldSamples(2, 0.0))).isBetween(0.40, 0.70);
    double half = shareNamingHard(new WorldSamples(2, 0.0, new ShapeFocus(HARD, 0.5)));
    assertThat(half).isBetween(0.70, 0.90);
    assertThat(specs(new WorldSamples(5, 0.0, new ShapeFocus(HARD, 0.5)))).isEqualTo(specs(new WorldSamples(5, 0.0, new ShapeFocus(HARD, 0.5))));
  }

  @Test
  void aFocusIsReadFromNounsAndAShare() {
    assertThat(ShapeFocus.parse(" star , cross=1")).isEqualTo(new ShapeFocus(Set.of(ShapeClass.STAR, ShapeClass.CROSS), 1.0));
    assertThatThrownBy(() -> ShapeFocus.parse("stars=0.5")).hasMessageContaining("unknown shape 'stars'");
  }

  @Test
  void aFocusNeedsShapesAndAShare() {
    assertThatThrownBy(() -> new ShapeFocus(Set.of(), 0.5)).hasMessageContaining("at least one shape");
    assertThatThrownBy(() -> new ShapeFocus(HARD, 1.5)).hasMessageContaining("share in [0, 1]");
  }

  /** The share of prompts that name a star, a cross or an arrow, over 600 draws. */
  private static double shareNamingHard(WorldSamples samples) {
    Map<Task, Integer> perTask = new EnumMap<>(Task.class);
    int hits = 0;
    for (int i = 0; i < 600; i++) {
      var spec = samples.sample(i / 32, i % 32).spec();
      perTask.merge(spec.task(), 1, Integer::sum);
      if (spec.include().stream().anyMatch(c -> HARD.contains(c.shape()))) {
        hits++;
      }
    }
    assertThat(perTask).hasSize(Task.values().length);
    return hits / 600.0;
  }

  private static List<String> specs(WorldSamples samples) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.add(samples.sample(1, i).spec().prompt());
    }
    return out;
  }
}
