package org.ttsvar.world.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.ttsvar.world.Clause;
import org.ttsvar.world.Colour;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Messages;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.Task;

/**
 * GenEval's metadata as JSON: one object per prompt, keys in GenEval's order
 * ({@code tag, include, [exclude], prompt}); a clause is {@code {class, count, [color], [position]}}
 * with {@code position = [relation, includeIndex]}. Reading validates every field and reports the
 * file, line and field at fault.
 */
public final class MetadataJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Python's json.dumps spacing ({@code ", "} and {@code ": "}), as in GenEval's files. */
  private static final com.fasterxml.jackson.databind.ObjectWriter GENEVAL_STYLE =
      MAPPER.writer(
          new com.fasterxml.jackson.core.util.DefaultPrettyPrinter()
              .withObjectIndenter(new com.fasterxml.jackson.core.util.DefaultIndenter("", ""))
              .withArrayIndenter(new com.fasterxml.jackson.core.util.DefaultPrettyPrinter.NopIndenter())
              .withSeparators(
                  com.fasterxml.jackson.core.util.Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                      .withObjectEntrySpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)
                      .withArrayValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER)));
  private static final Set<String> SPEC_KEYS = Set.of("tag", "include", "exclude", "prompt");
  private static final Set<String> CLAUSE_KEYS = Set.of("class", "count", "color", "position");

  private MetadataJson() {}

  public static String toJson(PromptSpec spec) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("tag", spec.task().tag());
    o.set("include", clauses(spec.include()));
    if (!spec.exclude().isEmpty()) {
      o.set("exclude", clauses(spec.exclude()));
    }
    o.put("prompt", spec.prompt());
    try {
      return GENEVAL_STYLE.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ArrayNode clauses(List<Clause> clauses) {
    ArrayNode arr = MAPPER.createArrayNode();
    for (Clause c : clauses) {
      ObjectNode n = arr.addObject();
      n.put("class", c.shape().noun());
      n.put("count", c.count());
      if (c.hasColour()) {
        n.put("color", c.colour().word());
      }
      if (c.hasPosition()) {
        ArrayNode p = n.putArray("position");
        p.add(c.position().relation().phrase());
        p.add(c.position().target());
      }
    }
    return arr;
  }

  /**
   * Parses one metadata object.
   *
   * @param where names the source in error messages, e.g. {@code "prompts.jsonl line 3"}
   * @throws MetadataException naming the source, the field and the expected form
   */
  public static PromptSpec parse(String json, String where) {
    JsonNode root;
    try (com.fasterxml.jackson.core.JsonParser p = MAPPER.createParser(json)) {
      root = MAPPER.readTree(p);
      com.fasterxml.jackson.core.JsonToken extra;
      try {
        extra = p.nextToken();
      } catch (JsonProcessingException e) {
        extra = com.fasterxml.jackson.core.JsonToken.NOT_AVAILABLE;
      }
      if (extra != null) {
        long at = p.currentTokenLocation().getCharOffset();
        String rest = at >= 0 && at < json.length() ? json.substring((int) at).strip() : "";
        throw new MetadataException(where + ": text after the JSON object" + (rest.isEmpty() ? "" : " (\"" + Messages.quote(rest, 40) + "\")")
            + "; a prompt file holds exactly one JSON object per line");
      }
    } catch (JsonProcessingException e) {
      throw new MetadataException(where + ": not valid JSON (" + Messages.quote(e.getOriginalMessage()) + ")");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // reading a String
    }
    if (root == null || !root.isObject()) {
      throw new MetadataException(where + ": expected a JSON object {\"tag\", \"include\", \"prompt\"}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!SPEC_KEYS.contains(key)) {
        throw new MetadataException(where + ": unknown key '" + key + "'; allowed: " + SPEC_KEYS);
      }
    }
    try {
      Task task = Task.fromTag(text(root, "tag", where));
      List<Clause> include = parseClauses(root.get("include"), where + ", include", true);
      List<Clause> exclude = root.has("exclude") ? parseClauses(root.get("exclude"), where + ", exclude", false) : List.of();
      PromptSpec given = new PromptSpec(task, include, exclude, text(root, "prompt", where));
      checkAgreement(given, where);
      return given;
    } catch (MetadataException e) {
      throw e;
    } catch (IllegalArgumentException | org.ttsvar.world.BadInputException e) {
      throw new MetadataException(where + ": " + e.getMessage());
    }
  }

  /**
   * The fields of one prompt must say the same thing: the prompt text GenEval's template builds
   * from the tag and the include clauses ({@link Grammar#fromClauses}) must be the given text (up to
   * case and spacing), and the clauses must be the template's (the exclude clause of counting
   * included). Otherwise the image would be drawn for one prompt and judged for another.
   */
  private static void checkAgreement(PromptSpec given, String where) {
    PromptSpec expected;
    try {
      expected = Grammar.fromClauses(given.task(), given.include());
    } catch (org.ttsvar.world.PromptSyntaxException | IllegalArgumentException e) {
      throw new MetadataException(where + ": 'tag' " + given.task().tag() + " and 'include' contradict each other: " + e.getMessage());
    }
    if (!normal(expected.prompt()).equals(normal(given.prompt()))) {
      throw new MetadataException(where + ": the fields contradict each other: 'tag' and 'include' describe \"" + expected.prompt()
          + "\", but 'prompt' says \"" + Messages.quote(given.prompt()) + "\"; fix one of them (or regenerate the file with 'ttsvar prompts')");
    }
    if (!expected.include().equals(given.include()) || !expected.exclude().equals(given.exclude())) {
      throw new MetadataException(where + ": the fields contradict each other: for \"" + expected.prompt() + "\" GenEval's metadata is "
          + toJson(expected) + "; fix 'include'/'exclude' (or regenerate the file with 'ttsvar prompts')");
    }
  }

  private static String normal(String text) {
    return text.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
  }

  private static List<Clause> parseClauses(JsonNode node, String where, boolean required) {
    if (node == null || !node.isArray() || (required && node.isEmpty())) {
      throw new MetadataException(where + ": expected a non-empty array of clauses {\"class\", \"count\"}");
    }
    List<Clause> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode c = node.get(i);
      String at = where + "[" + i + "]";
      if (!c.isObject()) {
        throw new MetadataException(at + ": expected an object {\"class\", \"count\"}");
      }
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!CLAUSE_KEYS.contains(key)) {
          throw new MetadataException(at + ": unknown key '" + key + "'; allowed: " + CLAUSE_KEYS);
        }
      }
      JsonNode count = c.get("count");
      if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()) {
        throw new MetadataException(at + ": 'count' must be an integer ≥ 1");
      }
      try {
        Clause clause = Clause.of(ShapeClass.parse(text(c, "class", at)), count.intValue());
        if (c.has("color")) {
          clause = clause.withColour(Colour.parse(text(c, "color", at)));
        }
        if (c.has("position")) {
          JsonNode p = c.get("position");
          if (!p.isArray() || p.size() != 2 || !p.get(0).isTextual() || !p.get(1).isIntegralNumber()) {
            throw new MetadataException(at + ": 'position' must be [relation, includeIndex], e.g. [\"left of\", 0]");
          }
          clause = clause.withPosition(Relation.parse(p.get(0).asText()), p.get(1).intValue());
        }
        out.add(clause);
      } catch (MetadataException e) {
        throw e;
      } catch (IllegalArgumentException | org.ttsvar.world.BadInputException e) {
        throw new MetadataException(at + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static String text(JsonNode node, String key, String where) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new MetadataException(where + ": '" + key + "' must be a string");
    }
    return v.asText();
  }

  /**
   * Reads a JSON-lines prompt file (blank lines ignored), strictly: a missing file, one that is not a
   * regular file (a device such as {@code /dev/zero}, a FIFO, a folder), a line that is not UTF-8 and a
   * line that is not one valid metadata object are refused, naming the file and the line.
   */
  public static List<PromptSpec> readLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new MetadataException(file + ": no such file; make one with 'ttsvar prompts --out " + file + "'");
    }
    if (!Files.isRegularFile(file)) {
      throw new MetadataException(file + " is " + AtomicFiles.kind(file.toRealPath()) + ", not a prompt file; give a JSON-lines file made by 'ttsvar prompts'");
    }
    byte[] bytes = Files.readAllBytes(file);
    List<PromptSpec> out = new ArrayList<>();
    for (int start = 0, line = 1; start <= bytes.length; line++) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      String text = utf8(bytes, start, end - start, file + " line " + line);
      if (!text.isBlank()) {
        out.add(parse(text, file + " line " + line));
      }
      start = end + 1;
    }
    if (out.isEmpty()) {
      throw new MetadataException(file + ": holds no prompts");
    }
    return out;
  }

  /** Decodes one line strictly: malformed UTF-8 is an error naming the line and the byte. */
  private static String utf8(byte[] bytes, int offset, int length, String where) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      var dec = StandardCharsets.UTF_8.newDecoder();
      java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes, offset, length);
      java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(length + 1);
      dec.decode(in, chars, true);
      int col = in.position() - offset;
      throw new MetadataException(where + ": not UTF-8 (byte 0x" + String.format("%02x", bytes[offset + col] & 0xff) + " at byte " + (col + 1)
          + " of the line); a prompt file is UTF-8 text, one JSON object per line");
    }
  }

  /** Writes a JSON-lines prompt file atomically. */
  public static void writeLines(List<PromptSpec> specs, Path file) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (PromptSpec s : specs) {
      sb.append(toJson(s)).append('\n');
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }
}
