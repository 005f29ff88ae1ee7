package org.ttsvar.search;

import org.ttsvar.world.BadInputException;

/** A search setting the user can fix: names the setting and the rule it breaks. */
public class SearchSettingException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final SearchSetting setting;
  private final String problem;

  public SearchSettingException(SearchSetting setting, String problem) {
    super(setting.id() + ": " + problem);
    this.setting = setting;
    this.problem = problem;
  }

  public SearchSetting setting() {
    return setting;
  }

  /** The message without the setting's name (front ends prefix their own spelling of it). */
  public String problem() {
    return problem;
  }
}
