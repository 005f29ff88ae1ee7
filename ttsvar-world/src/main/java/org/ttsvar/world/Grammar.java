package org.ttsvar.world;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * GenEval's six prompt templates, its article and plural rules, and a parser from prompt text back to
 * the structured {@link PromptSpec}.
 *
 * <pre>
 * single_object  a photo of a/an {obj}
 * two_object     a photo of a/an {A} and a/an {B}                 A ≠ B
 * counting       a photo of {two,three,four} {objs}
 * colors         a photo of a/an {color} {obj}
 * position       a photo of a/an {A} {left of,right of,above,below} a/an {B}     A ≠ B
 * color_attr     a photo of a/an {c1} {A} and a/an {c2} {B}       A ≠ B, c1 ≠ c2
 * </pre>
 *
 * Parsing ignores letter case and extra white space; every other departure from the templates is an
 * error that names the offending word and the allowed ones.
 */
public final class Grammar {
  /** Number words of the counting template; GenEval draws counts 2..4. */
  public static final List<String> NUMBERS = List.of("two", "three", "four");
  public static final int MIN_COUNT = 2;
  public static final int MAX_COUNT = 4;

  private static final String PREFIX = "a photo of";
  private static final String TEMPLATES =
      String.join(
          "\n",
          "  a photo of a/an {object}",
          "  a photo of a/an {object} and a/an {object}",
          "  a photo of {two|three|four} {objects}",
          "  a photo of a/an {colour} {object}",
          "  a photo of a/an {object} {left of|right of|above|below} a/an {object}",
          "  a photo of a/an {colour} {object} and a/an {colour} {object}");

  private Grammar() {}

  /** GenEval's article: "an" when the word starts with a vowel letter, else "a". */
  public static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  public static String withArticle(String word) {
    return article(word) + " " + word;
  }

  /** GenEval's plural: +"es" after a final 's', else +"s". */
  public static String plural(String noun) {
    return noun.endsWith("s") ? noun + "es" : noun + "s";
  }

  public static String numberWord(int count) {
    if (count < MIN_COUNT || count > MAX_COUNT) {
      throw new IllegalArgumentException("counting prompts use counts 2..4, got " + count);
    }
    return NUMBERS.get(count - MIN_COUNT);
  }

  /** Every word a prompt may contain, in a stable order (the text encoder's vocabulary). */
  public static List<String> vocabulary() {
    Set<String> words = new LinkedHashSet<>(List.of("a", "an", "photo", "of", "and", "left", "right", "above", "below"));
    words.addAll(NUMBERS);
    words.addAll(Colour.words());
    for (ShapeClass c : ShapeClass.values()) {
      words.add(c.noun());
      words.add(c.plural());
    }
    return List.copyOf(words);
  }

  // ---- building specs (GenEval's metadata layout, exactly) ----

  public static PromptSpec singleObject(ShapeClass obj) {
    return new PromptSpec(Task.SINGLE_OBJECT, List.of(Clause.of(obj, 1)), List.of(), PREFIX + " " + withArticle(obj.noun()));
  }

  public static PromptSpec twoObject(ShapeClass a, ShapeClass b) {
    requireDistinct(a, b, "two_object");
    return new PromptSpec(
        Task.TWO_OBJECT,
        List.of(Clause.of(a, 1), Clause.of(b, 1)),
        List.of(),
        PREFIX + " " + withArticle(a.noun()) + " and " + withArticle(b.noun()));
  }

  public static PromptSpec counting(ShapeClass obj, int count) {
    return new PromptSpec(
        Task.COUNTING,
        List.of(Clause.of(obj, count)),
        List.of(Clause.of(obj, count + 1)),
        PREFIX + " " + numberWord(count) + " " + obj.plural());
  }

  public static PromptSpec colors(Colour colour, ShapeClass obj) {
    return new PromptSpec(
        Task.COLORS,
        List.of(Clause.of(obj, 1).withColour(colour)),
        List.of(),
        PREFIX + " " + withArticle(colour.word()) + " " + obj.noun());
  }

  /** "a photo of a/an {a} {relation} a/an {b}": include[0] is B, include[1] is A positioned relative to include[0]. */
  public static PromptSpec position(ShapeClass a, Relation relation, ShapeClass b) {
    requireDistinct(a, b, "position");
    return new PromptSpec(
        Task.POSITION,
        List.of(Clause.of(b, 1), Clause.of(a, 1).withPosition(relation, 0)),
        List.of(),
        PREFIX + " " + withArticle(a.noun()) + " " + relation.phrase() + " " + withArticle(b.noun()));
  }

  public static PromptSpec colorAttr(Colour ca, ShapeClass a, Colour cb, ShapeClass b) {
    requireDistinct(a, b, "color_attr");
    if (ca == cb) {
      throw new PromptSyntaxException(
          "color_attr prompts need two different colours (GenEval draws c1 ≠ c2), got '" + ca.word() + "' twice");
    }
    return new PromptSpec(
        Task.COLOR_ATTR,
        List.of(Clause.of(a, 1).withColour(ca), Clause.of(b, 1).withColour(cb)),
        List.of(),
        PREFIX + " " + withArticle(ca.word()) + " " + a.noun() + " and " + withArticle(cb.word()) + " " + b.noun());
  }

  /**
   * The spec GenEval's template for {@code task} builds from these clauses' objects, colours,
   * counts and relation (its prompt text included): what metadata fields must agree with.
   *
   * @throws PromptSyntaxException when the clauses do not have the template's form (how many, with
   *     or without a colour or a position)
   */
  public static PromptSpec fromClauses(Task task, List<Clause> include) {
    int n = include.size();
    Clause a = include.get(0);
    Clause b = n > 1 ? include.get(1) : null;
    boolean ok = switch (task) {
      case SINGLE_OBJECT, COUNTING, COLORS -> n == 1 && !a.hasPosition();
      case TWO_OBJECT, COLOR_ATTR -> n == 2 && !a.hasPosition() && !b.hasPosition();
      case POSITION -> n == 2 && !a.hasPosition() && b.hasPosition() && b.position().target() == 0;
    };
    if (!ok) {
      throw new PromptSyntaxException("a " + task.tag() + " prompt's 'include' does not have the template's form (" + templateOf(task) + ")");
    }
    return switch (task) {
      case SINGLE_OBJECT -> singleObject(a.shape());
      case TWO_OBJECT -> twoObject(a.shape(), b.shape());
      case COUNTING -> counting(a.shape(), a.count());
      case COLORS -> a.hasColour() ? colors(a.colour(), a.shape()) : fail(task);
      case POSITION -> position(b.shape(), b.position().relation(), a.shape());
      case COLOR_ATTR -> a.hasColour() && b.hasColour() ? colorAttr(a.colour(), a.shape(), b.colour(), b.shape()) : fail(task);
    };
  }

  private static PromptSpec fail(Task task) {
    throw new PromptSyntaxException("a " + task.tag() + " prompt's 'include' does not have the template's form (" + templateOf(task) + ")");
  }

  private static String templateOf(Task task) {
    return TEMPLATES.split("\n")[task.ordinal()].trim();
  }

  private static void requireDistinct(ShapeClass a, ShapeClass b, String task) {
    if (a == b) {
      throw new PromptSyntaxException(
          task + " prompts need two different objects (GenEval draws A ≠ B), got '" + a.noun() + "' twice");
    }
  }

  // ---- parsing ----

  /**
   * Parses a prompt of one of the six templates into its spec.
   *
   * @throws PromptSyntaxException naming the problem, the allowed words and the templates
   */
  public static PromptSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw error("the prompt is empty", null);
    }
    String normal = text.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    List<String> words = List.of(normal.split(" "));
    Set<String> vocabulary = new LinkedHashSet<>(vocabulary());
    for (String w : words) {
      if (!vocabulary.contains(w)) {
        throw error("unknown word '" + Messages.quote(w, 40) + "' in \"" + Messages.quote(text.trim()) + "\"", w);
      }
    }
    if (!normal.startsWith(PREFIX + " ")) {
      throw error("a prompt starts with \"a photo of\"", null);
    }
    Cursor cur = new Cursor(words, PREFIX.split(" ").length, text.trim());
    // counting: a number word and a plural
    if (NUMBERS.contains(cur.peek())) {
      int count = NUMBERS.indexOf(cur.next()) + MIN_COUNT;
      String plural = cur.next();
      ShapeClass obj =
          ShapeClass.fromPlural(plural)
              .orElseThrow(() -> cur.fail("after a number comes a plural object (" + String.join(", ", plurals()) + "), not '" + plural + "'"));
      cur.end();
      return counting(obj, count);
    }
    Phrase first = cur.phrase();
    if (cur.atEnd()) {
      return first.colour == null ? singleObject(first.shape) : colors(first.colour, first.shape);
    }
    String joiner = cur.next();
    if (joiner.equals("and")) {
      Phrase second = cur.phrase();
      cur.end();
      if ((first.colour == null) != (second.colour == null)) {
        throw cur.fail("give both objects a colour (color_attr) or neither (two_object)");
      }
      return first.colour == null
          ? twoObject(first.shape, second.shape)
          : colorAttr(first.colour, first.shape, second.colour, second.shape);
    }
    Relation relation = relationAt(joiner, cur);
    Phrase second = cur.phrase();
    cur.end();
    if (first.colour != null || second.colour != null) {
      throw cur.fail("position prompts name no colours");
    }
    return position(first.shape, relation, second.shape);
  }

  private static Relation relationAt(String word, Cursor cur) {
    if (word.equals("above") || word.equals("below")) {
      return Relation.parse(word);
    }
    if (word.equals("left") || word.equals("right")) {
      String of = cur.atEnd() ? "" : cur.next();
      if (!of.equals("of")) {
        throw cur.fail("'" + word + "' must be followed by 'of'");
      }
      return Relation.parse(word + " of");
    }
    throw cur.fail("expected 'and', 'left of', 'right of', 'above' or 'below' after the first object, found '" + word + "'");
  }

  private static List<String> plurals() {
    List<String> out = new ArrayList<>();
    for (ShapeClass c : ShapeClass.values()) {
      out.add(c.plural());
    }
    return out;
  }

  static PromptSyntaxException error(String problem, String unknownWord) {
    return new PromptSyntaxException(problem + ".\n" + (unknownWord != null ? words() : "") + templates());
  }

  /** The words and templates prompts are made of, as the grammar's errors list them (for help texts). */
  public static String help() {
    return words() + templates();
  }

  private static String words() {
    return "Objects: " + String.join(", ", ShapeClass.nouns()) + " (plural: " + String.join(", ", plurals()) + ")\n"
        + "Colours: " + String.join(", ", Colour.words()) + "\n"
        + "Numbers: " + String.join(", ", NUMBERS) + "\n"
        + "Other words: a, an, photo, of, and, left, right, above, below\n";
  }

  private static String templates() {
    return "Prompts follow one of GenEval's templates:\n" + TEMPLATES;
  }

  /** An article, an optional colour and an object noun. */
  private record Phrase(Colour colour, ShapeClass shape) {}

  private static final class Cursor {
    private final List<String> words;
    private final String text;
    private int at;

    Cursor(List<String> words, int at, String text) {
      this.words = words;
      this.at = at;
      this.text = text;
    }

    boolean atEnd() {
      return at >= words.size();
    }

    String peek() {
      return atEnd() ? "" : words.get(at);
    }

    String next() {
      if (atEnd()) {
        throw fail("the prompt ends too early");
      }
      return words.get(at++);
    }

    void end() {
      if (!atEnd()) {
        throw fail("unexpected '" + Messages.quote(String.join(" ", words.subList(at, words.size())), 60) + "' at the end");
      }
    }

    Phrase phrase() {
      String art = next();
      if (!art.equals("a") && !art.equals("an")) {
        throw fail("expected 'a' or 'an' before an object, found '" + art + "'");
      }
      String word = next();
      Optional<Colour> colour = Colour.fromWord(word);
      String noun = word;
      if (colour.isPresent()) {
        noun = next();
      }
      String expected = article(word);
      if (!art.equals(expected)) {
        throw fail("'" + art + " " + word + "' should be '" + expected + " " + word + "' (\"an\" before a vowel letter)");
      }
      final String nounWord = noun;
      ShapeClass shape =
          ShapeClass.fromNoun(noun)
              .orElseThrow(() -> fail("expected an object (" + String.join(", ", ShapeClass.nouns()) + "), found '" + nounWord + "'"));
      return new Phrase(colour.orElse(null), shape);
    }

    PromptSyntaxException fail(String problem) {
      return error(problem + " in \"" + Messages.quote(text) + "\"", null);
    }
  }
}
