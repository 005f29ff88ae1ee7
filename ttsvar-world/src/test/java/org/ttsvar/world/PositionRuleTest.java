package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PositionRuleTest {

  private static Set<Relation> parse(String relations) {
    Set<Relation> out = EnumSet.noneOf(Relation.class);
    if (!relations.isBlank()) {
      for (String r : relations.split("\\+")) {
        out.add(Relation.parse(r.trim()));
      }
    }
    return out;
  }

  /**
   * A relative to B, boxes {x1 y1 x2 y2} (y down). Expected values follow GenEval's formula by hand:
   * rev = max(|offset| − 0.1·(dimA + dimB), 0)·sign(offset), (dx, dy) = rev / ‖offset‖, threshold 0.5.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "clearly left        | 0 0 10 10   | 30 0 40 10  | left of",
        "clearly right       | 30 0 40 10  | 0 0 10 10   | right of",
        "clearly above       | 0 0 10 10   | 0 30 10 40  | above",
        "clearly below       | 0 30 10 40  | 0 0 10 10   | below",
        // offset (−30, −30), rev (−28, −28), /42.43 → (−0.66, −0.66): both relations
        "diagonal up-left    | 0 0 10 10   | 30 30 40 40 | left of + above",
        "diagonal down-right | 30 30 40 40 | 0 0 10 10   | right of + below",
        // same centre: no offset at all
        "same centre         | 0 0 10 10   | 0 0 10 10   | ",
        "nested boxes        | 10 10 20 20 | 0 0 30 30   | ",
        // offset 1 < 0.1·(10 + 10) = 2: revised offset 0, no relation
        "overlapping centres | 0 0 10 10   | 1 0 11 10   | ",
        // offset 4, rev 4 − 2 = 2, dx = 0.5 exactly: not > 0.5
        "on the threshold    | 4 0 14 10   | 0 0 10 10   | ",
        // offset 5, rev 3, dx = 0.6
        "just past it        | 5 0 15 10   | 0 0 10 10   | right of",
        // offset (20, 8), rev (18, 6), /21.54 → (0.84, 0.28): only right of
        "mostly horizontal   | 20 8 30 18  | 0 0 10 10   | right of",
        // wide B: offset 35, 0.1·(10 + 60) = 7 → rev 28, dx 0.8
        "big target          | 60 0 70 10  | 0 0 60 10   | right of",
      })
  void relationTable(String name, String boxA, String boxB, String expected) {
    assertThat(PositionRule.relations(box(boxA), box(boxB))).isEqualTo(parse(expected == null ? "" : expected));
  }

  @Test
  void normalizedOffsetFollowsTheFormula() {
    double[] d = PositionRule.normalizedOffset(box("20 8 30 18"), box("0 0 10 10"));
    double norm = Math.hypot(20, 8);
    assertThat(d[0]).isCloseTo((20 - 2) / norm, within(1e-12));
    assertThat(d[1]).isCloseTo((8 - 2) / norm, within(1e-12));
    assertThat(PositionRule.normalizedOffset(box("0 0 10 10"), box("1 0 11 10"))).isNull();
  }

  @Test
  void relationsAreAntisymmetric() {
    double[] a = box("0 0 10 10"), b = box("30 25 40 35");
    for (Relation r : PositionRule.relations(a, b)) {
      assertThat(PositionRule.relations(b, a)).contains(r.opposite()).doesNotContain(r);
    }
  }

  private static double[] box(String s) {
    String[] p = s.trim().split("\\s+");
    return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2]), Double.parseDouble(p[3])};
  }
}
