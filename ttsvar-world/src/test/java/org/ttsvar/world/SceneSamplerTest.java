package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.io.ImageFiles;

class SceneSamplerTest {
  private static final int SEEDS_PER_PROMPT = 4;
  private final SceneSampler sampler = new SceneSampler();
  private final WorldConfig config = WorldConfig.DEFAULT;

  @Test
  void everyShippedSpecIsSatisfied() {
    List<PromptSpec> specs = PromptSets.miniGenEval();
    for (int p = 0; p < specs.size(); p++) {
      for (int i = 0; i < SEEDS_PER_PROMPT; i++) {
        PromptSpec spec = specs.get(p);
        Scene scene = sampler.sample(spec, Seeds.derive(0, p, i));
        String what = spec.prompt() + " seed " + i;
        assertObjectsMatch(spec, scene, what);
        assertInsideMargins(scene, what);
        assertNoOverlaps(scene, what);
        assertRelationsHold(spec, scene, what);
      }
    }
  }

  /** Exactly the objects the include clauses ask for, in the asked colours (sampled colours are free). */
  private void assertObjectsMatch(PromptSpec spec, Scene scene, String what) {
    Map<ShapeClass, Long> wanted = spec.include().stream().collect(Collectors.groupingBy(Clause::shape, Collectors.summingLong(Clause::count)));
    Map<ShapeClass, Long> drawn = scene.objects().stream().collect(Collectors.groupingBy(SceneObject::shape, Collectors.counting()));
    assertThat(drawn).as(what).isEqualTo(wanted);
    for (Clause c : spec.include()) {
      if (c.hasColour()) {
        assertThat(scene.objects().stream().filter(o -> o.shape() == c.shape()).map(SceneObject::colour)).as(what).containsOnly(c.colour());
      }
    }
    for (Clause ex : spec.exclude()) {
      assertThat(drawn.getOrDefault(ex.shape(), 0L)).as(what).isLessThan(ex.count());
    }
    for (SceneObject o : scene.objects()) {
      int jitter = config.colourJitter();
      for (int shift = 0; shift <= 16; shift += 8) {
        assertThat(Math.abs(((o.rgb() >> shift) & 0xff) - ((o.colour().rgb() >> shift) & 0xff))).as(what).isLessThanOrEqualTo(jitter);
      }
    }
  }

  private void assertInsideMargins(Scene scene, String what) {
    int lo = config.margin(), hi = config.canvas() - config.margin();
    int maxSize = scene.objects().size() <= 2 ? config.maxSizeFew() : config.maxSizeMany();
    for (SceneObject o : scene.objects()) {
      assertThat(o.left()).as(what).isGreaterThanOrEqualTo(lo);
      assertThat(o.top()).as(what).isGreaterThanOrEqualTo(lo);
      assertThat(o.right()).as(what).isLessThanOrEqualTo(hi);
      assertThat(o.bottom()).as(what).isLessThanOrEqualTo(hi);
      assertThat(o.size()).as(what).isBetween((double) config.minSize(), (double) maxSize);
    }
  }

  private void assertNoOverlaps(Scene scene, String what) {
    List<SceneObject> objs = scene.objects();
    for (int a = 0; a < objs.size(); a++) {
      for (int b = a + 1; b < objs.size(); b++) {
        SceneObject p = objs.get(a), q = objs.get(b);
        boolean apart =
            p.right() + config.gap() <= q.left() || q.right() + config.gap() <= p.left() || p.bottom() + config.gap() <= q.top() || q.bottom() + config.gap() <= p.top();
        assertThat(apart).as(what + ": objects " + a + " and " + b + " keep the gap").isTrue();
      }
    }
  }

  /** Every A of a position clause stands in the relation to every B of its target, by GenEval's formula on the drawn extents. */
  private void assertRelationsHold(PromptSpec spec, Scene scene, String what) {
    for (Clause c : spec.include()) {
      if (!c.hasPosition()) {
        continue;
      }
      ShapeClass target = spec.include().get(c.position().target()).shape();
      for (SceneObject a : scene.objects()) {
        for (SceneObject b : scene.objects()) {
          if (a.shape() == c.shape() && b.shape() == target) {
            assertThat(PositionRule.relations(SceneSampler.tightBox(a), SceneSampler.tightBox(b))).as(what).contains(c.position().relation());
          }
        }
      }
    }
  }

  @Test
  void sameSeedSameSceneAndSamePngBytes() {
    PromptSpec spec = Grammar.colorAttr(Colour.PINK, ShapeClass.HEART, Colour.BLUE, ShapeClass.ARROW);
    Scene first = sampler.sample(spec, 42);
    Scene again = new SceneSampler().sample(spec, 42);
    assertThat(again).isEqualTo(first);
    byte[] png = ImageFiles.encodePng(Renderer.render(first));
    assertThat(ImageFiles.encodePng(Renderer.render(again))).isEqualTo(png);
    assertThat(sampler.sample(spec, 43)).isNotEqualTo(first);
  }

  @Test
  void renderedObjectsShowTheirColourAndTheBackgroundStaysPlain() {
    Scene scene = sampler.sample(Grammar.colors(Colour.GREEN, ShapeClass.SQUARE), 5);
    SceneObject o = scene.objects().get(0);
    RgbImage img = Renderer.render(scene);
    assertThat(img.rgbAt((int) o.centreX(), (int) o.centreY())).isEqualTo(o.rgb());
    assertThat(img.rgbAt(0, 0)).isEqualTo(config.background());
    assertThat(img.width()).isEqualTo(config.canvas());
  }

  @Test
  void unsatisfiableSpecIsRefused() {
    PromptSpec impossible = new PromptSpec(Task.COUNTING, List.of(Clause.of(ShapeClass.STAR, 3)), List.of(Clause.of(ShapeClass.STAR, 2)), "impossible");
    assertThatThrownBy(() -> sampler.sample(impossible, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no scene satisfies it");
  }
}
