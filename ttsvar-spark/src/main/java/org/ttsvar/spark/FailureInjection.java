package org.ttsvar.spark;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A test hook: {@code -Dttsvar.spark.failOnce=P:WHERE[,P:WHERE…]} makes the first task attempt in this JVM
 * that reaches WHERE on prompt P fail, as a killed task or a lost executor would. WHERE is
 * {@code mid-prompt} (after the prompt's first configuration or image, before anything is published) or
 * {@code published} (after its folder and marker are up, so the retry publishes a second copy).
 */
final class FailureInjection {
  static final String PROPERTY = "ttsvar.spark.failOnce";

  enum Point {
    MID_PROMPT("mid-prompt"),
    PUBLISHED("published");

    final String id;

    Point(String id) {
      this.id = id;
    }
  }

  private static final Set<String> FIRED = ConcurrentHashMap.newKeySet();

  private FailureInjection() {}

  static void at(int position, Point point) {
    String wanted = System.getProperty(PROPERTY);
    if (wanted == null) {
      return;
    }
    String here = position + ":" + point.id;
    for (String w : wanted.split(",")) {
      if (w.trim().equals(here) && FIRED.add(here)) {
        throw new IllegalStateException("failure injected by " + PROPERTY + " at prompt " + here);
      }
    }
  }
}
