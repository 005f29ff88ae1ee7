package org.ttsvar.models.embedded.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;
import org.ttsvar.world.ShapeClass;

/** The located-words component of the cross reward (config {@code locate_words}) and its training targets. */
class LocateWordsTest {
  private static final RewardConfig PLAIN = new RewardConfig("cross", 32, List.of(8, 16), 1, 1, 2, 12, Grammar.vocabulary(), false);

  private static NDArray words(NDManager m, String... prompts) {
    TextVocabulary v = new TextVocabulary(PLAIN.vocabulary(), PLAIN.maxWords());
    long[] ids = Arrays.stream(prompts).flatMapToInt(p -> Arrays.stream(v.encode(p))).asLongStream().toArray();
    return m.create(ids, new Shape(prompts.length, PLAIN.maxWords()));
  }

  @Test
  void aWarmStartFromAModelWithoutItScoresExactlyAsBefore() throws Exception {
    try (NDManager m = NDManager.newBaseManager();
        RewardModel before = new RewardModel(PLAIN, m, 3);
        RewardModel after = new RewardModel(PLAIN.withLocateWords(true), m, 11)) {
      assertThat(after.params().loadGrowing(before.params().toHost(), "before")).containsExactly("locate.where.weight", "locate.placement.weight");
      NDArray images = m.randomUniform(0, 1, new Shape(2, 3, 32, 32));
      NDArray w = words(m, "a photo of a circle left of a square", "a photo of three stars");
      float[] a = before.logits(before.imageTokens(images), w).toFloatArray();
      float[] b = after.logits(after.imageTokens(images), w).toFloatArray();
      assertThat(b).containsExactly(a, within(1e-6f));
    }
  }

  @Test
  void wordsPointInsideTheImageAndTheFrameIsThePatchCentres() {
    try (NDManager m = NDManager.newBaseManager(); RewardModel r = new RewardModel(PLAIN.withLocateWords(true), m, 3)) {
      float[] centres = RewardModel.patchCentres(m, 4).toFloatArray();
      assertThat(Arrays.copyOfRange(centres, 0, 4)).containsExactly(-0.75f, -0.75f, -0.25f, -0.75f); // row-major, x then y
      assertThat(Arrays.copyOfRange(centres, 30, 32)).containsExactly(0.75f, 0.75f);
      NDArray loc = r.wordLocations(m.randomUniform(0, 1, new Shape(1, 3, 32, 32)), words(m, "a photo of a cross above a ring"));
      assertThat(loc.getShape()).isEqualTo(new Shape(1, 12, 2));
      for (float v : loc.toFloatArray()) {
        assertThat(v).isBetween(-0.75f, 0.75f); // a convex combination of the 2×2… 8×8 grid's centres
      }
    }
  }

  @Test
  void onlyNounsOfASingleObjectGetATargetAtThatObjectsCentre() {
    var cross = new SceneObject(ShapeClass.CROSS, Colour.RED, 0xff0000, 16, 48, 10);
    var ring = new SceneObject(ShapeClass.RING, Colour.BLUE, 0x0000ff, 48, 16, 10);
    Scene two = new Scene(64, 64, 0x808080, List.of(cross, ring));
    float[] target = new float[2 * 12 * 2], known = new float[2 * 12 * 2];
    SceneTargets.nounTargets("a photo of a cross below a ring", two, 12, target, known, 0);
    // words: a photo of a cross(4) below a ring(7)
    assertThat(Arrays.copyOfRange(target, 8, 10)).containsExactly(-0.5f, 0.5f);
    assertThat(Arrays.copyOfRange(target, 14, 16)).containsExactly(0.5f, -0.5f);
    float knownSum = 0;
    for (float k : Arrays.copyOfRange(known, 0, 24)) {
      knownSum += k;
    }
    assertThat(knownSum).isEqualTo(4); // two nouns × (x, y); articles and the relation have none
    Scene three = new Scene(64, 64, 0x808080, List.of(cross, cross, cross));
    SceneTargets.nounTargets("a photo of three crosses", three, 12, target, known, 24);
    assertThat(Arrays.copyOfRange(known, 24, 48)).containsOnly(0f); // several objects: no single place
  }

  @Test
  void olderConfigsReadWithoutItAndWriteUnchanged() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String plain = json.writeValueAsString(PLAIN);
    assertThat(plain).doesNotContain("locate_words"); // so runs started before it resume unchanged
    assertThat(json.readValue(plain, RewardConfig.class).locateWords()).isFalse();
    String located = json.writeValueAsString(PLAIN.withLocateWords(true));
    assertThat(located).contains("\"locate_words\":true");
    assertThat(json.readValue(located, RewardConfig.class)).isEqualTo(PLAIN.withLocateWords(true));
    RewardConfig dual = new RewardConfig("dual", 32, List.of(8, 16), 1, 1, 2, 12, Grammar.vocabulary(), false);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> dual.withLocateWords(true)).hasMessageContaining("located words need a cross reward");
  }
}
