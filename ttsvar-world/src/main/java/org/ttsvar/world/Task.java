package org.ttsvar.world;

import java.util.Arrays;
import java.util.List;

/** GenEval's six tasks, in GenEval's order; {@link #tag()} is the metadata tag. */
public enum Task {
  SINGLE_OBJECT("single_object"),
  TWO_OBJECT("two_object"),
  COUNTING("counting"),
  COLORS("colors"),
  POSITION("position"),
  COLOR_ATTR("color_attr");

  private final String tag;

  Task(String tag) {
    this.tag = tag;
  }

  public String tag() {
    return tag;
  }

  public static Task fromTag(String tag) {
    return Arrays.stream(values())
        .filter(t -> t.tag.equals(tag))
        .findFirst()
        .orElseThrow(() -> new BadInputException("unknown task tag '" + Messages.quote(tag, 40) + "'; known: " + tags()));
  }

  public static List<String> tags() {
    return Arrays.stream(values()).map(Task::tag).toList();
  }
}
