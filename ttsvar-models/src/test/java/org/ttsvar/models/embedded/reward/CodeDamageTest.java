package org.ttsvar.models.embedded.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;
import org.ttsvar.world.ShapeClass;

/** Code-space damage with a random-weight tokenizer: what it touches and what it leaves alone. */
class CodeDamageTest {
  /** A red circle in the top-left corner (pixels 2..14) and a blue star (43..61) in the bottom-right. */
  private static final Scene SCENE = new Scene(64, 64, 0x808080, List.of(
      new SceneObject(ShapeClass.CIRCLE, Colour.RED, 0xff0000, 8, 8, 12),
      new SceneObject(ShapeClass.STAR, Colour.BLUE, 0x0000ff, 52, 52, 18)));

  @Test
  void cellsOverAnObjectAreTheOnesItsSquareCovers() {
    boolean[] four = CodeDamage.cellsOver(SCENE, SCENE.objects().get(0), 4); // cells of 16 px
    assertThat(four[0]).isTrue();
    for (int c = 1; c < 16; c++) {
      assertThat(four[c]).as("cell %d", c).isFalse();
    }
    boolean[] eight = CodeDamage.cellsOver(SCENE, SCENE.objects().get(1), 8); // the star spans pixels 43..61: cells 5..7
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        assertThat(eight[y * 8 + x]).as("cell %d,%d", x, y).isEqualTo(x >= 5 && y >= 5);
      }
    }
  }

  @Test
  void damageChangesOnlyTheCodesNearTheObjectAndNoDamageIsThePlainReconstruction() {
    try (NDManager m = NDManager.newBaseManager()) {
      Tokenizer tok = new Tokenizer(TokenizerConfig.DEFAULT, m, 1);
      NDArray image = m.create(Renderer.render(SCENE).toChwFloats(), new Shape(1, 3, 64, 64));
      NDArray clean = tok.quantize(tok.encode(image), false).fHat();

      NDArray none = CodeDamage.damagedCodes(tok, image, List.of(SCENE), List.of(new CodeDamage.Damage(0, 3, 0.0, 7)));
      assertThat(none.toFloatArray()).containsExactly(clean.toFloatArray());

      CodeDamage.Damage circle = new CodeDamage.Damage(0, 3, 0.5, 7);
      NDArray damaged = CodeDamage.damagedCodes(tok, image, List.of(SCENE), List.of(circle));
      NDArray diff = damaged.sub(clean).abs(); // (1, d, 8, 8)
      // scale sides 4, 5, 6, 8 are damaged; the circle's cells, bilinearly upsampled, reach at most latent cell 4
      assertThat(diff.get(":, :, 0:3, 0:3").max().getFloat()).isPositive();
      assertThat(diff.get(":, :, 5:, :").max().getFloat()).isZero();
      assertThat(diff.get(":, :, :, 5:").max().getFloat()).isZero();
      // deterministic in the damage's seed; another seed flips other bits
      assertThat(CodeDamage.damagedCodes(tok, image, List.of(SCENE), List.of(circle)).toFloatArray()).containsExactly(damaged.toFloatArray());
      NDArray other = CodeDamage.damagedCodes(tok, image, List.of(SCENE), List.of(new CodeDamage.Damage(0, 3, 0.5, 8)));
      assertThat(other.toFloatArray()).isNotEqualTo(damaged.toFloatArray());

      NDArray decoded = CodeDamage.apply(tok, image, List.of(SCENE), List.of(circle));
      assertThat(decoded.getShape()).isEqualTo(new Shape(1, 3, 64, 64));
      assertThat(decoded.min().getFloat()).isGreaterThanOrEqualTo(0f);
      assertThat(decoded.max().getFloat()).isLessThanOrEqualTo(1f);
      assertThatThrownBy(() -> CodeDamage.apply(tok, image, List.of(SCENE, SCENE), List.of(circle))).hasMessageContaining("one scene and one damage per image");

      // the bench's pair: the plain reconstruction first, then the same damaged reconstruction as apply gives
      var pair = CodeDamage.reconstructAndDamage(tok, SCENE, circle);
      float[] plain = tok.decodeImage(clean).toFloatArray();
      assertThat(pair[0].toChwFloats()).containsExactly(org.ttsvar.world.RgbImage.fromChwFloats(plain, 64, 64).toChwFloats());
      // decoded in a batch of two instead of one: the convolutions may round a pixel to the next 8-bit level
      assertThat(pair[1].toChwFloats()).containsExactly(org.ttsvar.world.RgbImage.fromChwFloats(decoded.toFloatArray(), 64, 64).toChwFloats(), within(1.01f / 255));
      assertThat(pair[1].toChwFloats()).isNotEqualTo(pair[0].toChwFloats());
    }
  }

  @Test
  void drawnDamageHitsOneObjectFromAFineScaleAndIsValidated() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < 200; i++) {
      CodeDamage.Damage d = CodeDamage.draw(SCENE, 7, rng);
      assertThat(d.index()).isBetween(0, 1);
      assertThat(d.fromScale()).isBetween(CodeDamage.MIN_FROM, CodeDamage.MAX_FROM);
      assertThat(d.flip()).isBetween(CodeDamage.MIN_FLIP, CodeDamage.MAX_FLIP);
    }
    assertThat(CodeDamage.draw(SCENE, 3, rng).fromScale()).isEqualTo(2); // a tokenizer with fewer scales: its last
    assertThatThrownBy(() -> CodeDamage.draw(new Scene(64, 64, 0, List.of()), 7, rng)).hasMessageContaining("nothing to damage");
    assertThatThrownBy(() -> new CodeDamage.Damage(0, 3, 1.5, 0)).hasMessageContaining("flip probability");
  }
}
