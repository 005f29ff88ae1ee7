package org.ttsvar.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GrammarTest {

  @Test
  void everyTemplateProducesGenEvalsWording() {
    assertThat(Grammar.singleObject(ShapeClass.CIRCLE).prompt()).isEqualTo("a photo of a circle");
    assertThat(Grammar.twoObject(ShapeClass.HEART, ShapeClass.ARROW).prompt()).isEqualTo("a photo of a heart and an arrow");
    assertThat(Grammar.counting(ShapeClass.STAR, 3).prompt()).isEqualTo("a photo of three stars");
    assertThat(Grammar.colors(Colour.ORANGE, ShapeClass.SQUARE).prompt()).isEqualTo("a photo of an orange square");
    assertThat(Grammar.position(ShapeClass.RING, Relation.LEFT_OF, ShapeClass.DIAMOND).prompt())
        .isEqualTo("a photo of a ring left of a diamond");
    assertThat(Grammar.colorAttr(Colour.RED, ShapeClass.ARROW, Colour.ORANGE, ShapeClass.CROSS).prompt())
        .isEqualTo("a photo of a red arrow and an orange cross");
  }

  @Test
  void templatesCarryGenEvalsMetadata() {
    PromptSpec counting = Grammar.counting(ShapeClass.CROSS, 4);
    assertThat(counting.task()).isEqualTo(Task.COUNTING);
    assertThat(counting.include()).containsExactly(Clause.of(ShapeClass.CROSS, 4));
    assertThat(counting.exclude()).containsExactly(Clause.of(ShapeClass.CROSS, 5));

    // "A rel B": include[0] is B, include[1] is A positioned relative to include[0]
    PromptSpec position = Grammar.position(ShapeClass.RING, Relation.ABOVE, ShapeClass.HEART);
    assertThat(position.include())
        .containsExactly(Clause.of(ShapeClass.HEART, 1), Clause.of(ShapeClass.RING, 1).withPosition(Relation.ABOVE, 0));

    PromptSpec colorAttr = Grammar.colorAttr(Colour.BLUE, ShapeClass.STAR, Colour.PINK, ShapeClass.SQUARE);
    assertThat(colorAttr.include())
        .containsExactly(Clause.of(ShapeClass.STAR, 1).withColour(Colour.BLUE), Clause.of(ShapeClass.SQUARE, 1).withColour(Colour.PINK));
  }

  @Test
  void articleIsAnBeforeAVowelLetter() {
    assertThat(Grammar.article("orange")).isEqualTo("an");
    assertThat(Grammar.article("arrow")).isEqualTo("an");
    assertThat(Grammar.article("red")).isEqualTo("a");
    assertThat(Grammar.article("yellow")).isEqualTo("a"); // GenEval looks at the letter, not the sound
  }

  @Test
  void pluralAddsEsAfterSElseS() {
    assertThat(ShapeClass.CROSS.plural()).isEqualTo("crosses");
    assertThat(ShapeClass.CIRCLE.plural()).isEqualTo("circles");
    assertThat(ShapeClass.ARROW.plural()).isEqualTo("arrows");
    assertThat(Grammar.plural("bus")).isEqualTo("buses");
    assertThat(Grammar.counting(ShapeClass.CROSS, 2).prompt()).isEqualTo("a photo of two crosses");
  }

  @Test
  void parsesEveryTemplate() {
    assertThat(Grammar.parse("a photo of an arrow")).isEqualTo(Grammar.singleObject(ShapeClass.ARROW));
    assertThat(Grammar.parse("a photo of a star and a ring")).isEqualTo(Grammar.twoObject(ShapeClass.STAR, ShapeClass.RING));
    assertThat(Grammar.parse("a photo of four crosses")).isEqualTo(Grammar.counting(ShapeClass.CROSS, 4));
    assertThat(Grammar.parse("a photo of an orange heart")).isEqualTo(Grammar.colors(Colour.ORANGE, ShapeClass.HEART));
    assertThat(Grammar.parse("a photo of a circle right of a square"))
        .isEqualTo(Grammar.position(ShapeClass.CIRCLE, Relation.RIGHT_OF, ShapeClass.SQUARE));
    assertThat(Grammar.parse("a photo of a triangle below an arrow"))
        .isEqualTo(Grammar.position(ShapeClass.TRIANGLE, Relation.BELOW, ShapeClass.ARROW));
    assertThat(Grammar.parse("a photo of a white diamond and a black ring"))
        .isEqualTo(Grammar.colorAttr(Colour.WHITE, ShapeClass.DIAMOND, Colour.BLACK, ShapeClass.RING));
  }

  @Test
  void parsingIgnoresCaseAndExtraSpaces() {
    assertThat(Grammar.parse("  A Photo  of   TWO circles ")).isEqualTo(Grammar.counting(ShapeClass.CIRCLE, 2));
  }

  @Test
  void parsesEveryShippedPromptBackToItsMetadata() {
    List<PromptSpec> shipped = PromptSets.miniGenEval();
    assertThat(shipped).isNotEmpty();
    for (PromptSpec spec : shipped) {
      assertThat(Grammar.parse(spec.prompt())).as(spec.prompt()).isEqualTo(spec);
    }
  }

  @Test
  void parseInvertsEveryDraw() {
    SplittableRandom rng = new SplittableRandom(2024);
    for (int i = 0; i < 300; i++) {
      for (Task task : Task.values()) {
        PromptSpec spec = PromptSetGenerator.draw(task, rng);
        assertThat(Grammar.parse(spec.prompt())).isEqualTo(spec);
      }
    }
  }

  @Test
  void unknownWordIsNamedAndAllowedWordsListed() {
    assertThatThrownBy(() -> Grammar.parse("a photo of a dog"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("unknown word 'dog'")
        .hasMessageContaining("Objects: circle, square, triangle, diamond, star, heart, cross, ring, arrow")
        .hasMessageContaining("Colours: red, orange, yellow, green, blue, purple, pink, brown, black, white")
        .hasMessageContaining("Numbers: two, three, four")
        .hasMessageContaining("a photo of a/an {object} {left of|right of|above|below} a/an {object}");
  }

  @Test
  void wrongArticleSaysWhichOneIsRight() {
    assertThatThrownBy(() -> Grammar.parse("a photo of a arrow"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("'a arrow' should be 'an arrow'");
    assertThatThrownBy(() -> Grammar.parse("a photo of an red circle"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("'an red' should be 'a red'");
  }

  @Test
  void twoObjectTemplatesNeedTwoDifferentObjects() {
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle and a circle"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("two different objects")
        .hasMessageContaining("'circle' twice");
    assertThatThrownBy(() -> Grammar.parse("a photo of a star above a star"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("position prompts need two different objects");
  }

  @Test
  void colorAttrNeedsTwoDifferentColours() {
    assertThatThrownBy(() -> Grammar.parse("a photo of a red circle and a red square"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("two different colours")
        .hasMessageContaining("'red' twice");
  }

  @Test
  void leftAndRightNeedOf() {
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle left a square"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("'left' must be followed by 'of'");
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle right"))
        .isInstanceOf(PromptSyntaxException.class)
        .hasMessageContaining("'right' must be followed by 'of'");
  }

  @Test
  void otherDeparturesAreExplained() {
    assertThatThrownBy(() -> Grammar.parse("")).isInstanceOf(PromptSyntaxException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Grammar.parse("photo of a circle")).hasMessageContaining("starts with \"a photo of\"");
    assertThatThrownBy(() -> Grammar.parse("a photo of two circle")).hasMessageContaining("after a number comes a plural object");
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle and")).hasMessageContaining("ends too early");
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle a square")).hasMessageContaining("expected 'and', 'left of', 'right of', 'above' or 'below'");
    assertThatThrownBy(() -> Grammar.parse("a photo of a red circle left of a square")).hasMessageContaining("position prompts name no colours");
    assertThatThrownBy(() -> Grammar.parse("a photo of a red circle and a square")).hasMessageContaining("give both objects a colour");
    assertThatThrownBy(() -> Grammar.parse("a photo of a circle circle")).isInstanceOf(PromptSyntaxException.class);
  }

  @Test
  void countsOutsideTwoToFourAreRejected() {
    assertThatThrownBy(() -> Grammar.numberWord(1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2..4");
    assertThatThrownBy(() -> Grammar.numberWord(5)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void vocabularyHoldsEveryWordOfEveryPrompt() {
    List<String> vocabulary = Grammar.vocabulary();
    for (PromptSpec spec : PromptSets.miniGenEval()) {
      assertThat(vocabulary).containsAll(List.of(spec.prompt().split(" ")));
    }
    assertThat(vocabulary).doesNotHaveDuplicates();
  }
}
