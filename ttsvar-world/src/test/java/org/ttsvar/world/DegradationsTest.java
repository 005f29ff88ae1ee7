package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DegradationsTest {
  private final RgbImage image = Renderer.render(new SceneSampler().sample(Grammar.counting(ShapeClass.STAR, 3), 9));
  private final RgbImage flat = Renderer.render(new Scene(64, 64, 0x969696, java.util.List.of()));

  @Test
  void flatImagesStayFlat() {
    assertThat(Degradations.gaussianBlur(flat, 0.8)).isEqualTo(flat);
    assertThat(Degradations.downUp(flat)).isEqualTo(flat);
  }

  @Test
  void noiseIsReproducibleFromItsSeed() {
    assertThat(Degradations.addNoise(image, 8, 3)).isEqualTo(Degradations.addNoise(image, 8, 3));
    assertThat(Degradations.addNoise(image, 8, 3)).isNotEqualTo(Degradations.addNoise(image, 8, 4));
  }

  @Test
  void degradationsChangeEdgesNotSize() {
    for (RgbImage d : new RgbImage[] {Degradations.gaussianBlur(image, 0.8), Degradations.downUp(image), Degradations.addNoise(image, 8, 1)}) {
      assertThat(d.width()).isEqualTo(image.width());
      assertThat(d).isNotEqualTo(image);
    }
  }
}
