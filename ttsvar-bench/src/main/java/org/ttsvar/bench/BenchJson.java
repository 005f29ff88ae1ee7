package org.ttsvar.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The benchmark's JSON settings, one place for every file it writes and reads. */
public final class BenchJson {
  /** Records: one line each; unknown fields of newer versions are ignored, so old and new runs merge. */
  public static final ObjectMapper LINES = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** Whole files (manifest, results, studies), indented for people. */
  public static final ObjectMapper FILES = LINES.copy().enable(SerializationFeature.INDENT_OUTPUT);
  /** Results as they were always written (unknown fields are not expected in what this version writes). */
  public static final ObjectMapper RESULTS = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BenchJson() {}
}
