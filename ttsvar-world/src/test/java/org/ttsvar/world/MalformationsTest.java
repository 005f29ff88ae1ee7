package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MalformationsTest {
  private static final SceneObject STAR = new SceneObject(ShapeClass.STAR, Colour.RED, 0xd02020, 20, 20, 18);
  private static final SceneObject SQUARE = new SceneObject(ShapeClass.SQUARE, Colour.BLUE, 0x2020d0, 46, 44, 16);
  private static final Scene SCENE = new Scene(64, 64, 0x969696, List.of(STAR, SQUARE));

  @Test
  void aCutKeepsTheAskedShareOfTheObject() {
    double[] cover = Renderer.coverage(STAR, 64, 64);
    for (double keep : new double[] {0.35, 0.5, 0.6}) {
      for (double angle : new double[] {0, 1, 2.5, 4}) {
        double[] cut = Malformations.cut(cover, 64, 64, STAR, keep, angle);
        assertThat(sum(cut) / sum(cover)).as("keep %s at %s", keep, angle).isCloseTo(keep, org.assertj.core.data.Offset.offset(0.01));
        for (int p = 0; p < cut.length; p++) {
          assertThat(cut[p]).isBetween(0.0, cover[p]); // only removes
        }
      }
    }
  }

  @Test
  void meltingRoundsOffAStarsPointsButKeepsItsPlace() {
    double[] cover = Renderer.coverage(STAR, 64, 64);
    double[] melted = Malformations.melt(cover, 64, 64, 0.2 * STAR.size());
    assertThat(sum(melted)).isLessThan(0.9 * sum(cover)); // the thin points are gone
    assertThat(sum(melted)).isGreaterThan(0.3 * sum(cover)); // the body is left
    assertThat(centroid(melted)[0]).isCloseTo(centroid(cover)[0], org.assertj.core.data.Offset.offset(1.0));
    assertThat(centroid(melted)[1]).isCloseTo(centroid(cover)[1], org.assertj.core.data.Offset.offset(1.5));
    // a large square is hardly changed: only its corners round off
    double[] square = Renderer.coverage(SQUARE, 64, 64);
    assertThat(sum(Malformations.melt(square, 64, 64, 0.12 * SQUARE.size())) / sum(square)).isGreaterThan(0.93);
  }

  @Test
  void onlyTheMalformedObjectChanges() {
    for (int index = 0; index < 2; index++) {
      for (Malformations.Kind kind : Malformations.Kind.values()) {
        RgbImage clean = Renderer.render(SCENE);
        RgbImage broken = Malformations.render(SCENE, new Malformations.Malformation(index, kind, kind == Malformations.Kind.CUT ? 0.5 : 0.2, 1.0));
        SceneObject o = SCENE.objects().get(index);
        int changed = 0;
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            boolean near = x >= o.left() - 2 && x <= o.right() + 2 && y >= o.top() - 2 && y <= o.bottom() + 2;
            if (clean.rgbAt(x, y) != broken.rgbAt(x, y)) {
              assertThat(near).as("pixel (%d, %d) changed, far from object %d", x, y, index).isTrue();
              changed++;
            }
          }
        }
        assertThat(changed).as("%s of object %d", kind, index).isPositive();
      }
    }
  }

  @Test
  void convexShapesAreOnlyCutAndTheDrawIsReproducible() {
    Scene squares = new Scene(64, 64, 0x969696, List.of(SQUARE));
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 50; i++) {
      Malformations.Malformation m = Malformations.draw(squares, rng);
      assertThat(m.kind()).isEqualTo(Malformations.Kind.CUT);
      assertThat(m.amount()).isBetween(Malformations.MIN_KEEP, Malformations.MAX_KEEP);
    }
    assertThat(Malformations.draw(SCENE, new SplittableRandom(7))).isEqualTo(Malformations.draw(SCENE, new SplittableRandom(7)));
    long melts = new SplittableRandom(2).longs(200).filter(seed -> Malformations.draw(new Scene(64, 64, 0x969696, List.of(STAR)), new SplittableRandom(seed)).kind() == Malformations.Kind.MELT).count();
    assertThat(melts).isBetween(110L, 170L); // seven in ten for a star
    assertThatThrownBy(() -> Malformations.draw(new Scene(64, 64, 0x969696, List.of()), rng)).hasMessageContaining("nothing to malform");
  }

  private static double sum(double[] a) {
    return java.util.Arrays.stream(a).sum();
  }

  private static double[] centroid(double[] a) {
    double s = 0, x = 0, y = 0;
    for (int p = 0; p < a.length; p++) {
      s += a[p];
      x += a[p] * (p % 64);
      y += a[p] * (p / 64);
    }
    return new double[] {x / s, y / s};
  }
}
