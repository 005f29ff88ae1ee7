package org.ttsvar.search;

/**
 * What a model family offers the search: its generator, its recommended settings, and its registry
 * of rewards and feature extractors by name. A {@link SearchSpec} is built against this, so the
 * command line, the library and the benchmark resolve names in one place: the family's registry.
 */
public interface SearchModels {
  PathGenerator generator();

  /** The model's recommended search settings ({@code search.json} beside its weights). */
  SearchDefaults searchDefaults();

  /**
   * A reward by registry name.
   *
   * @throws SearchSettingException (setting {@code reward}) for a name the registry does not know
   */
  Reward reward(String name);

  /**
   * A feature extractor by registry name.
   *
   * @throws SearchSettingException (setting {@code extractor}) for a name the registry does not know
   */
  FeatureExtractor extractor(String name);

  /**
   * A value head by registry name, for the {@code scorer} setting.
   *
   * @throws SearchSettingException (setting {@code scorer}) for a name the registry does not know
   */
  default PathValue pathValue(String name) {
    throw new SearchSettingException(SearchSetting.SCORER, "this model has no value head '" + name + "'; score partial paths with '" + SearchDefaults.REWARD_SCORER + "'");
  }

  /** The reward a search uses when none is named. */
  String defaultReward();
}
