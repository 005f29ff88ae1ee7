package org.ttsvar.bench.studies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.search.Reward;
import org.ttsvar.verifier.FolderEvaluator;
import org.ttsvar.verifier.MiniGenEval;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Malformations;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;

class RewardQualityTest {
  @TempDir Path dir;

  /** The verifier as a reward: the pairs are right only if the matching prompt is true of the render and the wrong one false. */
  private static final Reward ORACLE = reward("oracle", (prompt, image) -> MiniGenEval.judge(image, Grammar.parse(prompt)).correct() ? 1 : 0);

  private static final Reward CONSTANT = reward("constant", (prompt, image) -> 0.5);

  interface Score {
    double of(String prompt, RgbImage image);
  }

  static Reward reward(String name, Score s) {
    return new Reward() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public double[] score(String prompt, List<RgbImage> images) {
        return images.stream().mapToDouble(i -> s.of(prompt, i)).toArray();
      }
    };
  }

  @Test
  void aucCountsPairsAndHalfTies() {
    assertThat(RewardQuality.auc(List.of(3.0, 2.0), List.of(1.0, 2.0))).isCloseTo(3.5 / 4, within(1e-12));
    assertThat(RewardQuality.auc(List.of(1.0), List.of(2.0))).isZero();
    assertThat(RewardQuality.auc(List.of(Double.NaN), List.of(-5.0))).isZero(); // NaN is the lowest score
    assertThat(RewardQuality.auc(List.of(1.0), List.of())).isNull();
  }

  @Test
  void theMatchingPromptWinsEveryPairForTheVerifierAndNoneForAConstant() {
    List<RewardQuality.TaskPairs> oracle = RewardQuality.pairs(ORACLE, 12, 5, n -> {});
    assertThat(oracle).extracting(RewardQuality.TaskPairs::task)
        .containsExactly("single_object", "two_object", "counting", "colors", "position", "color_attr");
    assertThat(oracle).allSatisfy(p -> {
      assertThat(p.pairs()).isEqualTo(12);
      assertThat(p.accuracy()).isEqualTo(1.0);
      assertThat(p.byKind().values()).containsOnly(1.0);
    });
    assertThat(RewardQuality.pairs(ORACLE, 12, 5, n -> {})).isEqualTo(oracle); // deterministic
    assertThat(RewardQuality.pairs(CONSTANT, 12, 5, n -> {})).allSatisfy(p -> assertThat(p.accuracy()).isZero()); // a tie is a miss
    assertThat(oracle.get(2).byKind()).containsKeys("count", "object"); // counting prompts get both kinds of change
  }

  @Test
  void theVerifierRejectsMostMalformedScenesAndAConstantRewardPrefersNone() {
    // the malformations are meant to make an object unrecognisable; the independent judge mostly agrees
    List<RewardQuality.TaskPairs> oracle = RewardQuality.malformedPairs(ORACLE, 20, 5, n -> {});
    assertThat(oracle).extracting(RewardQuality.TaskPairs::task)
        .containsExactly("single_object", "two_object", "counting", "colors", "position", "color_attr");
    assertThat(oracle.stream().mapToDouble(RewardQuality.TaskPairs::accuracy).average().orElseThrow()).isGreaterThan(0.8);
    assertThat(RewardQuality.malformedPairs(ORACLE, 20, 5, n -> {})).isEqualTo(oracle); // deterministic
    assertThat(RewardQuality.malformedPairs(CONSTANT, 5, 5, n -> {})).allSatisfy(p -> assertThat(p.accuracy()).isZero());
    assertThat(RewardQuality.markdown(new RewardQuality.Report("oracle", 5, 20, List.of(), oracle, null, null, null, null), "cmd"))
        .contains("one object malformed", "| single_object | ");
  }

  @Test
  void damagedPairsTallyByTheDamagersKindsInTheirOrder() {
    // a stand-in damager: the render against the same scene with its first object cut (kind "late") or
    // removed (kind "early", listed first by its order)
    RewardQuality.SceneDamager damager = (scene, rng) -> {
      boolean remove = rng.nextBoolean();
      Scene damaged = remove
          ? new Scene(scene.width(), scene.height(), scene.background(), scene.objects().subList(1, scene.objects().size()))
          : scene;
      RgbImage other = remove ? Renderer.render(damaged) : Malformations.render(scene, new Malformations.Malformation(0, Malformations.Kind.CUT, 0.4, 0.3));
      return new RewardQuality.DamagedPair(Renderer.render(scene), other, remove ? "early" : "late", remove ? 0 : 1);
    };
    List<RewardQuality.TaskPairs> oracle = RewardQuality.damagedPairs(ORACLE, damager, 20, 5, n -> {});
    assertThat(oracle).extracting(RewardQuality.TaskPairs::task)
        .containsExactly("single_object", "two_object", "counting", "colors", "position", "color_attr");
    assertThat(oracle).allSatisfy(p -> assertThat(p.byKind().keySet()).containsExactly("early", "late"));
    assertThat(oracle.get(0).byKind().get("early")).isEqualTo(1.0); // a single object removed: the verifier's image fails, the render passes
    assertThat(RewardQuality.damagedPairs(ORACLE, damager, 20, 5, n -> {})).isEqualTo(oracle); // deterministic
    assertThat(RewardQuality.damagedPairs(CONSTANT, damager, 5, 5, n -> {})).allSatisfy(p -> assertThat(p.accuracy()).isZero());
    assertThat(RewardQuality.markdown(new RewardQuality.Report("oracle", 5, 20, List.of(), null, oracle, null, null, null), "cmd"))
        .contains("one object damaged in code space", "by damage", "early 1.000");
  }

  @Test
  void aucOfAJudgedFolderSeparatesPassFromFail() throws Exception {
    SceneSampler sampler = new SceneSampler();
    PromptSpec circle = Grammar.singleObject(ShapeClass.CIRCLE);
    PromptSpec star = Grammar.singleObject(ShapeClass.STAR);
    // prompt 0 asks for a circle: two circles (pass) and two stars (fail)
    Path p0 = GenEvalLayout.writePrompt(dir, 0, circle);
    for (int i = 0; i < 4; i++) {
      RgbImage img = Renderer.render(sampler.sample(i < 2 ? circle : star, 10 + i));
      ImageFiles.writePng(img, GenEvalLayout.samplePath(p0, i));
    }
    FolderEvaluator.Evaluation judged = FolderEvaluator.standard(1).evaluate(dir);
    assertThat(judged.results()).extracting(r -> r.correct()).containsExactly(true, true, false, false);
    List<RewardQuality.TaskAuc> auc = RewardQuality.auc(ORACLE, judged, n -> {});
    assertThat(auc).hasSize(7);
    assertThat(auc.get(0)).isEqualTo(new RewardQuality.TaskAuc("single_object", 2, 2, 1.0, 1.0, 1));
    assertThat(auc.get(1).auc()).isNull(); // no two-object images
    assertThat(auc.get(6)).isEqualTo(new RewardQuality.TaskAuc("overall", 2, 2, 1.0, 1.0, 1));
    assertThat(RewardQuality.auc(CONSTANT, judged, n -> {}).get(6).auc()).isEqualTo(0.5);
    assertThat(RewardQuality.markdown(new RewardQuality.Report("oracle", 5, 12, RewardQuality.pairs(ORACLE, 2, 5, n -> {}), null, null, dir.toString(), auc, 1.0), "cmd"))
        .contains("| single_object | 2 | 2 | 1.000 | 1.000 (1) |", "| two_object | 0 | 0 | n/a | n/a (0) |", "Measured with `cmd`")
        .doesNotContain("malformed").doesNotContain("damaged");
  }

  @Test
  void aRewardThatOnlyKnowsWhichPromptIsEasierRanksNothingWithinAPrompt() throws Exception {
    SceneSampler sampler = new SceneSampler();
    PromptSpec circle = Grammar.singleObject(ShapeClass.CIRCLE);
    PromptSpec star = Grammar.singleObject(ShapeClass.STAR);
    Path p0 = GenEvalLayout.writePrompt(dir, 0, circle); // 2 circles (pass), 2 stars (fail)
    Path p1 = GenEvalLayout.writePrompt(dir, 1, star); // 1 star (pass), 3 circles (fail)
    for (int i = 0; i < 4; i++) {
      ImageFiles.writePng(Renderer.render(sampler.sample(i < 2 ? circle : star, 10 + i)), GenEvalLayout.samplePath(p0, i));
      ImageFiles.writePng(Renderer.render(sampler.sample(i < 1 ? star : circle, 20 + i)), GenEvalLayout.samplePath(p1, i));
    }
    FolderEvaluator.Evaluation judged = FolderEvaluator.standard(1).evaluate(dir);
    Reward byPrompt = reward("by-prompt", (prompt, image) -> prompt.contains("star") ? 1 : 0);
    RewardQuality.TaskAuc single = RewardQuality.auc(byPrompt, judged, n -> {}).get(0);
    // pooled: the star prompt's pass beats the circle prompt's two fails, ties elsewhere: (2 + 2·2·½ + 3·½) / 15
    assertThat(single.auc()).isCloseTo(5.5 / 15, within(1e-12));
    assertThat(single.withinPrompt()).isEqualTo(0.5); // every within-prompt pair is a tie
    assertThat(single.mixedPrompts()).isEqualTo(2);
    assertThat(RewardQuality.auc(ORACLE, judged, n -> {}).get(0).withinPrompt()).isEqualTo(1.0);
  }
}
