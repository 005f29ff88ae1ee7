package org.ttsvar.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.Clause;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

/** GenEval's clause logic on hand-made detections, with GenEval's failure wording. */
class GenEvalRulesTest {

  private static Detection det(ShapeClass s, Colour c, double conf, int x1, int y1) {
    return new Detection(s, c, new Box(x1, y1, x1 + 10, y1 + 10), conf);
  }

  private static Detection det(ShapeClass s, Colour c, double conf) {
    return det(s, c, conf, 0, 0);
  }

  @Test
  void includeNeedsCountDetectionsOfItsClass() {
    PromptSpec spec = Grammar.singleObject(ShapeClass.STAR);
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.STAR, Colour.RED, 0.8)))).isEqualTo(new Verdict(true, ""));
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.CIRCLE, Colour.RED, 0.99))))
        .isEqualTo(new Verdict(false, "expected star>=1, found 0"));
    assertThat(GenEvalRules.evaluate(spec, List.of())).isEqualTo(new Verdict(false, "expected star>=1, found 0"));
  }

  @Test
  void includeClausesAreAndedAndEveryFailureIsReported() {
    PromptSpec spec = Grammar.twoObject(ShapeClass.STAR, ShapeClass.RING);
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.STAR, Colour.RED, 0.8), det(ShapeClass.RING, Colour.RED, 0.8))).correct()).isTrue();
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.STAR, Colour.RED, 0.8))))
        .isEqualTo(new Verdict(false, "expected ring>=1, found 0"));
    assertThat(GenEvalRules.evaluate(spec, List.of()).reason()).isEqualTo("expected star>=1, found 0\nexpected ring>=1, found 0");
  }

  @Test
  void detectionsAtOrBelowTheThresholdDoNotCount() {
    PromptSpec spec = Grammar.singleObject(ShapeClass.STAR);
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.STAR, Colour.RED, 0.3))).correct()).isFalse();
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.STAR, Colour.RED, 0.3001))).correct()).isTrue();
  }

  @Test
  void countingUsesTheStricterThresholdAndTheExcludeClause() {
    PromptSpec two = Grammar.counting(ShapeClass.HEART, 2);
    List<Detection> sure = List.of(det(ShapeClass.HEART, Colour.RED, 0.95), det(ShapeClass.HEART, Colour.BLUE, 0.91));
    assertThat(GenEvalRules.evaluate(two, sure).correct()).isTrue();
    // 0.85 would count for any other task, not for counting
    assertThat(GenEvalRules.evaluate(two, List.of(det(ShapeClass.HEART, Colour.RED, 0.95), det(ShapeClass.HEART, Colour.RED, 0.85))))
        .isEqualTo(new Verdict(false, "expected heart>=2, found 1"));
    List<Detection> three = new ArrayList<>(sure);
    three.add(det(ShapeClass.HEART, Colour.RED, 0.99));
    assertThat(GenEvalRules.evaluate(two, three)).isEqualTo(new Verdict(false, "expected heart<3, found 3"));
    // an unsure third heart does not break the count
    three.set(2, det(ShapeClass.HEART, Colour.RED, 0.5));
    assertThat(GenEvalRules.evaluate(two, three).correct()).isTrue();
    assertThat(GenEvalRules.threshold(Task.COUNTING)).isEqualTo(0.9);
    assertThat(GenEvalRules.threshold(Task.COLORS)).isEqualTo(0.3);
  }

  @Test
  void colourIsJudgedOnTheMostConfidentDetections() {
    PromptSpec spec = Grammar.colors(Colour.RED, ShapeClass.CIRCLE);
    // the top circle is blue: a less confident red circle does not rescue it
    List<Detection> dets = List.of(det(ShapeClass.CIRCLE, Colour.RED, 0.6), det(ShapeClass.CIRCLE, Colour.BLUE, 0.9));
    assertThat(GenEvalRules.evaluate(spec, dets)).isEqualTo(new Verdict(false, "expected red circle>=1, found 0 red; and 1 blue"));
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.CIRCLE, Colour.RED, 0.9), det(ShapeClass.CIRCLE, Colour.BLUE, 0.6))).correct()).isTrue();
  }

  @Test
  void colourReasonCountsEveryColourInGenEvalsOrder() {
    PromptSpec spec = new PromptSpec(Task.COLORS, List.of(Clause.of(ShapeClass.SQUARE, 3).withColour(Colour.GREEN)), List.of(), "three green squares");
    List<Detection> dets = List.of(det(ShapeClass.SQUARE, Colour.WHITE, 0.9), det(ShapeClass.SQUARE, Colour.GREEN, 0.8), det(ShapeClass.SQUARE, Colour.RED, 0.7));
    assertThat(GenEvalRules.evaluate(spec, dets).reason()).isEqualTo("expected green square>=3, found 1 green; and 1 red, 1 green, 1 white");
  }

  @Test
  void positionHoldsBetweenTheMatchedGroups() {
    PromptSpec spec = Grammar.position(ShapeClass.RING, Relation.LEFT_OF, ShapeClass.STAR);
    Detection ringLeft = det(ShapeClass.RING, Colour.RED, 0.9, 0, 20);
    Detection star = det(ShapeClass.STAR, Colour.RED, 0.9, 40, 20);
    assertThat(GenEvalRules.evaluate(spec, List.of(ringLeft, star)).correct()).isTrue();
    Detection ringRight = det(ShapeClass.RING, Colour.RED, 0.9, 50, 20);
    assertThat(GenEvalRules.evaluate(spec, List.of(ringRight, det(ShapeClass.STAR, Colour.RED, 0.9, 10, 20))))
        .isEqualTo(new Verdict(false, "expected ring left of target, found right of target"));
    // overlapping centres stand in no relation; GenEval joins the empty set into "found  target"
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.RING, Colour.RED, 0.9, 10, 10), det(ShapeClass.STAR, Colour.RED, 0.9, 11, 10))))
        .isEqualTo(new Verdict(false, "expected ring left of target, found  target"));
    // a diagonal satisfies both relations
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.RING, Colour.RED, 0.9, 0, 0), det(ShapeClass.STAR, Colour.RED, 0.9, 30, 30))).correct()).isTrue();
    PromptSpec above = Grammar.position(ShapeClass.RING, Relation.BELOW, ShapeClass.STAR);
    assertThat(GenEvalRules.evaluate(above, List.of(det(ShapeClass.RING, Colour.RED, 0.9, 0, 0), det(ShapeClass.STAR, Colour.RED, 0.9, 30, 30))).reason())
        .isEqualTo("expected ring below target, found left of and above target");
  }

  @Test
  void positionIsJudgedOnTheMostConfidentObjectOnly() {
    PromptSpec spec = Grammar.position(ShapeClass.RING, Relation.LEFT_OF, ShapeClass.STAR);
    Detection star = det(ShapeClass.STAR, Colour.RED, 0.9, 40, 20);
    Detection unsureRingLeft = det(ShapeClass.RING, Colour.RED, 0.5, 0, 20);
    Detection sureRingRight = det(ShapeClass.RING, Colour.RED, 0.9, 52, 20);
    assertThat(GenEvalRules.evaluate(spec, List.of(unsureRingLeft, star, sureRingRight)).correct()).isFalse();
    // and against the target's top detection only: a less confident star on the wrong side is ignored
    Detection otherStar = det(ShapeClass.STAR, Colour.RED, 0.4, 0, 50);
    assertThat(GenEvalRules.evaluate(spec, List.of(unsureRingLeft, star, otherStar)).correct()).isTrue();
  }

  @Test
  void aFailedTargetLeavesNoTarget() {
    PromptSpec spec = Grammar.position(ShapeClass.RING, Relation.ABOVE, ShapeClass.STAR);
    assertThat(GenEvalRules.evaluate(spec, List.of(det(ShapeClass.RING, Colour.RED, 0.9))))
        .isEqualTo(new Verdict(false, "expected star>=1, found 0\nno target for ring to be above"));
  }

  @Test
  void aWrongColourSkipsThePositionCheck() {
    PromptSpec spec =
        new PromptSpec(
            Task.POSITION,
            List.of(Clause.of(ShapeClass.STAR, 1), Clause.of(ShapeClass.RING, 1).withColour(Colour.RED).withPosition(Relation.LEFT_OF, 0)),
            List.of(),
            "a red ring left of a star");
    List<Detection> dets = List.of(det(ShapeClass.STAR, Colour.RED, 0.9, 0, 0), det(ShapeClass.RING, Colour.BLUE, 0.9, 40, 0));
    assertThat(GenEvalRules.evaluate(spec, dets).reason()).isEqualTo("expected red ring>=1, found 0 red; and 1 blue");
  }

  @Test
  void atMostSixteenDetectionsPerClassAreKept() {
    List<Detection> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(det(ShapeClass.CROSS, Colour.RED, 0.5 + i / 100.0, i, 0));
    }
    assertThat(GenEvalRules.keep(many, Task.TWO_OBJECT).get(ShapeClass.CROSS)).hasSize(16).isSortedAccordingTo(Detection.BY_CONFIDENCE);
    PromptSpec excludeSeventeen = new PromptSpec(Task.COUNTING, List.of(Clause.of(ShapeClass.RING, 1)), List.of(Clause.of(ShapeClass.CROSS, 17)), "x");
    assertThat(GenEvalRules.evaluate(excludeSeventeen, many).reason()).isEqualTo("expected ring>=1, found 0");
    PromptSpec excludeSixteen = new PromptSpec(Task.TWO_OBJECT, List.of(Clause.of(ShapeClass.CROSS, 1)), List.of(Clause.of(ShapeClass.CROSS, 16)), "x");
    assertThat(GenEvalRules.evaluate(excludeSixteen, many).reason()).isEqualTo("expected cross<16, found 16");
  }
}
