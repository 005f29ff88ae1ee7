package org.ttsvar.models.judges.imagereward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.world.RgbImage;

/** The reward {@code ir} end to end (text → tokenizer, image → preprocessing → network) on the tiny model's golden. */
class ImageRewardScoreTest {
  @Test
  void scoresThePromptAndImageAsTheReferenceDidInAnyBatching() throws IOException {
    String prompt;
    float golden;
    try (SafeTensors st = SafeTensors.open(ImageRewardTest.resource("golden.safetensors"))) {
      prompt = st.metadata().get("prompt");
    }
    golden = SafeTensors.readAll(ImageRewardTest.resource("golden.safetensors")).get("reward").values()[0];
    RgbImage img = RgbImage.fromBufferedImage(ImageIO.read(ImageRewardTest.resource("input.png").toFile()));
    try (NDManager m = NDManager.newBaseManager();
        ImageRewardScore ir = ImageRewardScore.load(ImageRewardTest.resource(ImageRewardTest.PT), ImageRewardTest.resource("tiny_tokenizer.json"), m, 2)) {
      assertThat(ir.name()).isEqualTo("ir");
      double[] s = ir.score(prompt, List.of(img, img, img)); // batches of 2 and 1
      for (double v : s) {
        assertThat(v).isCloseTo(golden, within(1e-4));
      }
      assertThat(ir.score("a blue cone above a green sphere", List.of(img))[0]).isNotCloseTo(golden, within(1e-6));
      assertThat(ir.score(prompt, List.of())).isEmpty();
    }
  }
}
