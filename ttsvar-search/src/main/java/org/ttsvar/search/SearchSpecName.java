package org.ttsvar.search;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a search back from its folder-safe name ({@link SearchSpec#name()}, e.g. {@code
 * ttsvar-n2-bs6.4.2.1.1.1.1-xlatent-pca-systematic}), so that a benchmark can run any configuration
 * by name, not only its suite's. Only canonical names are read: the parsed spec must write the
 * same name again, so one search never has two names.
 */
public final class SearchSpecName {
  // each part in the order name() writes it; values with hyphens (latent-pca, value-head) are matched
  // lazily, so the next part's prefix ends them; "-systematic" is the draw, not a scorer "ystematic"
  private static final Pattern NAME = Pattern.compile(
      "(?<strategy>[a-z]+(?:-[a-z]+)*?)-n(?<n>[0-9]+)"
          + "(?:-bs(?<bs>[0-9]+(?:\\.[0-9]+)*))?"
          + "(?:-cluster(?<cluster>none|[0-9]+(?:\\.[0-9]+)*))?"
          + "(?:-resample(?<resample>none|[0-9]+(?:\\.[0-9]+)*))?"
          + "(?:-(?<potential>value|diff|max|sum))?"
          + "(?:-lam(?<lambda>[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?))?"
          + "(?:-x(?<extractor>[a-z0-9]+(?:-[a-z0-9]+)*?))?"
          + "(?:-r(?<reward>[a-z0-9]+(?:-[a-z0-9]+)*?))?"
          + "(?:-s(?!ystematic(?:-|$)|tratified(?:-|$))(?<scorer>[a-z0-9]+(?:-[a-z0-9]+)*?))?"
          + "(?:-(?<resampling>multinomial|systematic|stratified))?"
          + "(?:-ess(?<ess>[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?))?"
          + "(?:-narrow(?<narrow>none|-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?))?"
          + "(?:-floor(?<floor>[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?))?");

  private SearchSpecName() {}

  /** The spec this name stands for, or empty when it is not the canonical name of a valid spec. */
  public static Optional<SearchSpec> parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      SearchSpec s = new SearchSpec(
          Strategy.parse(m.group("strategy")),
          Integer.valueOf(m.group("n")),
          scales(m.group("bs")),
          scales(m.group("cluster")),
          scales(m.group("resample")),
          m.group("potential") == null ? null : Potential.parse(m.group("potential")),
          m.group("lambda") == null ? null : Double.valueOf(m.group("lambda")),
          m.group("extractor"),
          m.group("reward"),
          m.group("scorer"),
          m.group("resampling") == null ? null : Resampling.Method.parse(m.group("resampling")),
          m.group("ess") == null ? null : Double.valueOf(m.group("ess")),
          m.group("narrow") == null ? null : m.group("narrow").equals("none") ? SearchSpec.NO_NARROWING : Double.valueOf(m.group("narrow")),
          m.group("floor") == null ? null : Double.valueOf(m.group("floor")));
      s.budget(); // what can be checked without a model: the budget and the draw
      s.resamplingOrPaper();
      return s.name().equals(name) ? Optional.of(s) : Optional.empty();
    } catch (SearchSettingException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<Integer> scales(String joined) {
    if (joined == null) {
      return null;
    }
    return joined.equals("none") ? List.of() : Arrays.stream(joined.split("\\.")).map(Integer::valueOf).toList();
  }
}
