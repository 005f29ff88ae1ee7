package org.ttsvar.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Degradations;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.WorldConfig;

/** Golden cases: hand-built scenes whose right answer is known by construction. */
class DetectorTest {
  private static final int BG = WorldConfig.DEFAULT.background();
  private final Detector detector = Detector.standard();

  private static SceneObject object(ShapeClass shape, Colour colour, double cx, double cy, double size) {
    return new SceneObject(shape, colour, colour.rgb(), cx, cy, size);
  }

  private static RgbImage render(SceneObject... objects) {
    return Renderer.render(new Scene(64, 64, BG, List.of(objects)));
  }

  /** The drawn extent rounded outwards and inwards: a detected box edge must lie between. */
  private static void assertBoxFits(Box box, SceneObject o, String what) {
    double[] tight = SceneSampler.tightBox(o);
    assertThat(box.x1()).as(what + " x1").isBetween((int) Math.floor(tight[0]) - 1, (int) Math.ceil(tight[0]) + 1);
    assertThat(box.y1()).as(what + " y1").isBetween((int) Math.floor(tight[1]) - 1, (int) Math.ceil(tight[1]) + 1);
    assertThat(box.x2()).as(what + " x2").isBetween((int) Math.floor(tight[2]) - 1, (int) Math.ceil(tight[2]) + 1);
    assertThat(box.y2()).as(what + " y2").isBetween((int) Math.floor(tight[3]) - 1, (int) Math.ceil(tight[3]) + 1);
  }

  @Test
  void everyClassInEveryColourAtTheSmallestAndLargestSize() {
    for (ShapeClass shape : ShapeClass.values()) {
      for (Colour colour : Colour.values()) {
        for (double size : new double[] {WorldConfig.DEFAULT.minSize(), WorldConfig.DEFAULT.maxSizeFew()}) {
          SceneObject o = object(shape, colour, 31.3, 30.6, size);
          String what = colour.word() + " " + shape.noun() + " " + size + " px";
          List<Detection> d = detector.detect(render(o));
          assertThat(d).as(what).hasSize(1);
          assertThat(d.get(0).shape()).as(what).isEqualTo(shape);
          assertThat(d.get(0).colour()).as(what).isEqualTo(colour);
          assertThat(d.get(0).confidence()).as(what).isGreaterThan(GenEvalRules.COUNTING_THRESHOLD);
          assertBoxFits(d.get(0).box(), o, what);
        }
      }
    }
  }

  @Test
  void aFourObjectSceneIsReadObjectByObject() {
    SceneObject[] objects = {
      object(ShapeClass.HEART, Colour.PINK, 12, 12, 16),
      object(ShapeClass.ARROW, Colour.BROWN, 48, 13, 17),
      object(ShapeClass.RING, Colour.PURPLE, 13, 48, 15),
      object(ShapeClass.CROSS, Colour.WHITE, 47, 47, 18)
    };
    List<Detection> found = new ArrayList<>(detector.detect(render(objects)));
    assertThat(found).hasSize(4);
    found.sort(Comparator.comparingInt((Detection d) -> d.box().y1() / 32).thenComparingInt(d -> d.box().x1()));
    for (int i = 0; i < objects.length; i++) {
      assertThat(found.get(i).shape()).isEqualTo(objects[i].shape());
      assertThat(found.get(i).colour()).isEqualTo(objects[i].colour());
      assertBoxFits(found.get(i).box(), objects[i], objects[i].shape().noun());
    }
  }

  @Test
  void anEmptyCanvasHasNoObjects() {
    assertThat(detector.detect(render())).isEmpty();
    assertThat(detector.detect(Degradations.addNoise(render(), 8, 1))).isEmpty();
  }

  @Test
  void theBackgroundIsMeasuredNotAssumed() {
    RgbImage dark = Renderer.render(new Scene(64, 64, 0x303030, List.of(object(ShapeClass.STAR, Colour.YELLOW, 30, 34, 20))));
    List<Detection> d = detector.detect(dark);
    assertThat(d).singleElement().satisfies(x -> {
      assertThat(x.shape()).isEqualTo(ShapeClass.STAR);
      assertThat(x.colour()).isEqualTo(Colour.YELLOW);
    });
  }

  @Test
  void touchingObjectsOfTwoColoursAreSplit() {
    // two squares sharing an edge: one component, two colours
    SceneObject red = object(ShapeClass.SQUARE, Colour.RED, 22, 32, 20);
    SceneObject blue = object(ShapeClass.SQUARE, Colour.BLUE, 40, 32, 20);
    List<Detection> d = detector.detect(render(red, blue));
    assertThat(d).hasSize(2);
    assertThat(d).extracting(Detection::colour).containsExactlyInAnyOrder(Colour.RED, Colour.BLUE);
    assertThat(d).extracting(Detection::shape).containsOnly(ShapeClass.SQUARE);
    Detection left = d.stream().min(Comparator.comparingInt(x -> x.box().x1())).orElseThrow();
    assertThat(left.colour()).isEqualTo(Colour.RED);
  }

  @Test
  void sameColouredNeighboursBridgedByBlurAreSeparated() {
    // drawn squares (0.9 of their 18 px box) 3 px apart; blur σ = 1.5 px joins them with faint pixels above the foreground threshold
    RgbImage img =
        Degradations.gaussianBlur(render(object(ShapeClass.SQUARE, Colour.RED, 20, 32, 18), object(ShapeClass.SQUARE, Colour.RED, 39.2, 32, 18)), 1.5);
    boolean[] foreground = new boolean[64 * 64];
    for (int p = 0; p < foreground.length; p++) {
      int v = img.rgbAt(p % 64, p / 64);
      double dr = ((v >> 16) & 0xff) - 150, dg = ((v >> 8) & 0xff) - 150, db = (v & 0xff) - 150;
      foreground[p] = Math.sqrt(dr * dr + dg * dg + db * db) > Segmenter.MIN_FOREGROUND_DISTANCE;
    }
    assertThat(Segmenter.components(foreground, 64, 64)).as("the blur bridges the gap").hasSize(1);
    List<Detection> d = detector.detect(img);
    assertThat(d).hasSize(2).extracting(Detection::shape).containsOnly(ShapeClass.SQUARE);
    assertThat(d).extracting(Detection::colour).containsOnly(Colour.RED);
  }

  @Test
  void garbageGetsLowConfidence() {
    // a long thin bar is no class of the world
    byte[] bar = render().bytes();
    for (int y = 30; y < 34; y++) {
      for (int x = 10; x < 50; x++) {
        bar[(y * 64 + x) * 3] = (byte) 215;
        bar[(y * 64 + x) * 3 + 1] = 35;
        bar[(y * 64 + x) * 3 + 2] = 35;
      }
    }
    assertThat(detector.detect(new RgbImage(64, 64, bar))).singleElement().satisfies(d -> assertThat(d.confidence()).isLessThan(GenEvalRules.THRESHOLD));
    // two same-coloured circles merged into one blob
    List<Detection> merged = detector.detect(render(object(ShapeClass.CIRCLE, Colour.GREEN, 24, 32, 18), object(ShapeClass.CIRCLE, Colour.GREEN, 37, 32, 18)));
    assertThat(merged).singleElement().satisfies(d -> assertThat(d.confidence()).isLessThan(GenEvalRules.THRESHOLD));
    // a speck of a few pixels is noise, not an object
    byte[] speck = render().bytes();
    for (int p : new int[] {20 * 64 + 20, 20 * 64 + 21, 21 * 64 + 20}) {
      speck[p * 3] = 0;
    }
    assertThat(detector.detect(new RgbImage(64, 64, speck))).isEmpty();
  }

  @Test
  void detectionsComeMostConfidentFirst() {
    List<Detection> d = detector.detect(render(object(ShapeClass.STAR, Colour.RED, 15, 15, 14), object(ShapeClass.CIRCLE, Colour.BLUE, 45, 45, 20)));
    assertThat(d).hasSize(2).isSortedAccordingTo(Detection.BY_CONFIDENCE);
  }

  @Test
  void trainingIsDeterministic() {
    ShapeClassifier a = ShapeTrainingSet.train(5, 1);
    ShapeClassifier b = ShapeTrainingSet.train(5, 1);
    RgbImage img = render(object(ShapeClass.DIAMOND, Colour.ORANGE, 30, 30, 18));
    assertThat(new Detector(a).detect(img)).isEqualTo(new Detector(b).detect(img));
  }
}
