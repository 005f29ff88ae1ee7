package org.ttsvar.spark;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code OUT/parts/}: each prompt's finished folders, one per task attempt that finished it. An attempt
 * works in a local folder and, once its prompt is done, uploads it as {@code parts/PPPPP/ATTEMPT/} (a
 * name no other attempt has) and then writes the marker {@code _SUCCESS} in it. The driver takes, for
 * each prompt, the first marked attempt in name order: a failed attempt leaves nothing marked, a
 * retried or speculative one may leave a second marked copy, and neither changes what is merged.
 */
final class PartFolders {
  static final String PARTS = "parts";
  static final String DONE = "_SUCCESS";

  private final HadoopFolder parts;

  PartFolders(HadoopFolder out) {
    this.parts = out.resolve(PARTS);
  }

  HadoopFolder folder() {
    return parts;
  }

  /**
   * Publishes the local folder {@code local} as attempt {@code attempt}'s finished copy of prompt
   * {@code position}. {@code stillWanted} runs between the upload and the marker and throws when the
   * attempt was killed meanwhile: a task of a failed job is not interrupted, and when its application
   * stops, Spark deletes the scratch folder it is uploading from, so only an attempt that was still
   * alive after its whole upload may mark it complete.
   */
  void publish(int position, String attempt, java.nio.file.Path local, Runnable stillWanted) throws IOException {
    String dir = promptDir(position) + "/" + attempt;
    parts.upload(local, dir);
    stillWanted.run();
    parts.touch(dir + "/" + DONE); // last: a marked folder is complete
  }

  /** The folder (relative to {@code parts/}) merged for prompt {@code position}: its first marked attempt in name order. */
  Optional<String> published(int position) throws IOException {
    String dir = promptDir(position);
    for (String attempt : parts.list(dir)) {
      if (parts.exists(dir + "/" + attempt + "/" + DONE)) {
        return Optional.of(dir + "/" + attempt);
      }
    }
    return Optional.empty();
  }

  private static String promptDir(int position) {
    return String.format("%05d", position);
  }
}
