package org.ttsvar.serve;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Resampling;
import org.ttsvar.search.SearchConfig;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.Strategy;

/**
 * A {@code POST /v1/images/generations} body, checked field by field before it is queued: OpenAI's
 * {@code prompt}, {@code n} (images returned), {@code response_format}, {@code model}, {@code size},
 * {@code user}, {@code stream}; ttsvar's {@code strategy}, {@code budget} (N), {@code seed} and the
 * search settings under their {@link SearchSetting} names. Unknown fields are refused, so a typo is
 * not silently a default.
 *
 * @param prompt the prompt, already accepted by the model
 * @param images how many of the ranked survivors to return (1 ≤ n ≤ the final batch)
 * @param seed the search's seed (same seed, same bytes)
 * @param stream whether the answer is a stream of server-sent events, one per scale
 * @param spec the search asked for (unset settings: the model's defaults)
 * @param config the spec resolved for the model (validated)
 */
public record GenerationRequest(String prompt, int images, long seed, boolean stream, SearchSpec spec, SearchConfig config) {
  /** The one response format: images inline, base64 PNG. */
  public static final String B64_JSON = "b64_json";

  static final Set<String> FIELDS = Set.of("prompt", "n", "response_format", "model", "size", "user", "stream", "seed", "strategy", "budget",
      "batchSchedule", "clusterScales", "resampleScales", "potential", "lambda", "extractor", "reward", "scorer",
      "resampling", "essThreshold", "narrowAbove", "diversityFloor");

  /** The request field that carries a search setting: its own name, but the budget is {@code budget} ({@code n} is OpenAI's image count). */
  public static String field(SearchSetting s) {
    return s == SearchSetting.BUDGET ? "budget" : s.id();
  }

  /**
   * @throws BadFieldException naming the field and the fix
   * @throws org.ttsvar.world.BadInputException for a prompt the model cannot read (field {@code prompt})
   */
  public static GenerationRequest parse(JsonNode body, ServedModel model) {
    if (body == null || !body.isObject()) {
      throw new BadFieldException("body", "send a JSON object, e.g. {\"prompt\": \"" + model.prompts().example() + "\"}");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new BadFieldException(name, "unknown field; known: " + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    String prompt = text(body, "prompt", null);
    if (prompt == null) {
      throw new BadFieldException("prompt", "missing; e.g. \"" + model.prompts().example() + "\"");
    }
    String format = text(body, "response_format", B64_JSON);
    if (!format.equals(B64_JSON)) {
      throw new BadFieldException("response_format", "only \"" + B64_JSON + "\" is served (images come back inline; the run's files are linked from the answer)");
    }
    String modelId = text(body, "model", model.id());
    if (!modelId.equals(model.id())) {
      throw new BadFieldException("model", "this server runs \"" + model.id() + "\" (GET /v1/models), not \"" + org.ttsvar.world.Messages.quote(modelId) + "\"");
    }
    String size = text(body, "size", model.imageSize());
    if (!size.equals(model.imageSize())) {
      throw new BadFieldException("size", "this model makes " + model.imageSize() + " images, not " + org.ttsvar.world.Messages.quote(size));
    }
    text(body, "user", null); // OpenAI's end-user id: accepted, not used
    SearchSpec spec;
    SearchConfig config;
    try {
      Strategy strategy = Strategy.parse(text(body, "strategy", Strategy.TTSVAR.id()));
      Integer budget = integer(body, "budget");
      strategy.budget(budget); // refuses a budget other than 1 with raw instead of changing it
      String potential = text(body, "potential", null);
      String resampling = text(body, "resampling", null);
      spec = new SearchSpec(strategy, budget, scales(body, "batchSchedule"), scales(body, "clusterScales"), scales(body, "resampleScales"),
          potential == null ? null : Potential.parse(potential), number(body, "lambda"), text(body, "extractor", null), text(body, "reward", null),
          text(body, "scorer", null), resampling == null ? null : Resampling.Method.parse(resampling), number(body, "essThreshold"),
          narrowAbove(body), number(body, "diversityFloor"));
      config = spec.resolve(model.models().searchDefaults(), model.models().generator().numScales());
    } catch (SearchSettingException e) {
      throw new BadFieldException(field(e.setting()), e.problem());
    }
    Integer n = integer(body, "n");
    int images = n == null ? 1 : n;
    int finalBatch = config.schedule().executed(config.schedule().numScales() - 1);
    if (images < 1 || images > finalBatch) {
      throw new BadFieldException("n", "asks for " + images + " images; " + config.strategy().id() + " with budget " + config.n() + " ends with " + finalBatch
          + " path" + (finalBatch == 1 ? "" : "s") + ": ask for 1 to " + finalBatch + (finalBatch < 2 ? ", or use a larger budget or another strategy" : ""));
    }
    Long seed = whole(body, "seed");
    model.prompts().check(prompt);
    return new GenerationRequest(prompt, images, seed == null ? 0 : seed, bool(body, "stream"), spec, config);
  }

  private static String text(JsonNode body, String field, String absent) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isTextual()) {
      throw new BadFieldException(field, "must be a string, got " + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
  }

  private static Long whole(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BadFieldException(field, "must be a whole number, got " + org.ttsvar.world.Messages.quote(v.toString()));
    }
    return v.asLong();
  }

  private static Integer integer(JsonNode body, String field) {
    Long v = whole(body, field);
    if (v != null && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
      throw new BadFieldException(field, v + " is out of range");
    }
    return v == null ? null : v.intValue();
  }

  /** A number, or "none" for no adaptive budget (the model's default when absent). */
  private static Double narrowAbove(JsonNode body) {
    JsonNode v = body.get("narrowAbove");
    return v != null && v.isTextual() && v.asText().equals("none") ? Double.valueOf(SearchSpec.NO_NARROWING) : number(body, "narrowAbove");
  }

  private static Double number(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new BadFieldException(field, "must be a number, got " + org.ttsvar.world.Messages.quote(v.toString()));
    }
    return v.asDouble();
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new BadFieldException(field, "must be true or false, got " + org.ttsvar.world.Messages.quote(v.toString()));
    }
    return v.asBoolean();
  }

  private static List<Integer> scales(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new BadFieldException(field, "must be a list of whole numbers, e.g. [2, 5]");
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isIntegralNumber() || !e.canConvertToInt()) {
        throw new BadFieldException(field, "must be a list of whole numbers, got " + org.ttsvar.world.Messages.quote(e.toString()));
      }
      out.add(e.asInt());
    }
    return out;
  }
}
