package org.ttsvar.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ttsvar.world.Colour;
import org.ttsvar.world.WorldConfig;

class ColourNamesTest {
  @Test
  void everyCanonicalColourNamesItself() {
    for (Colour c : Colour.values()) {
      assertThat(ColourNames.nearest(c.rgb())).isEqualTo(c);
    }
  }

  @Test
  void theSamplersJitterKeepsTheName() {
    int j = WorldConfig.DEFAULT.colourJitter();
    for (Colour c : Colour.values()) {
      int r = (c.rgb() >> 16) & 0xff, g = (c.rgb() >> 8) & 0xff, b = c.rgb() & 0xff;
      for (int dr = -j; dr <= j; dr += j) {
        for (int dg = -j; dg <= j; dg += j) {
          for (int db = -j; db <= j; db += j) {
            assertThat(ColourNames.nearest(clamp(r + dr), clamp(g + dg), clamp(b + db))).as(c.word()).isEqualTo(c);
          }
        }
      }
    }
  }

  @Test
  void labDistanceIsZeroOnlyForTheSameColour() {
    assertThat(ColourNames.deltaE(0xff0000, 0xff0000)).isZero();
    assertThat(ColourNames.deltaE(Colour.PURPLE.rgb(), Colour.BLUE.rgb())).isGreaterThan(20);
    // CIELAB white point: sRGB white is L = 100, a = b = 0
    double[] white = ColourNames.lab(255, 255, 255);
    assertThat(white[0]).isCloseTo(100, org.assertj.core.api.Assertions.within(0.01));
    assertThat(Math.abs(white[1]) + Math.abs(white[2])).isLessThan(0.01);
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
