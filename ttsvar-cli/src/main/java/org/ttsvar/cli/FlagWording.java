package org.ttsvar.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the command line's flags into the training library's messages, which name settings by their
 * domain names (a run folder, steps, a warm start) and know no flags. (Search settings are typed:
 * {@link SearchOptions#FLAGS}.) These are ttsvar's own exceptions, not picocli's: picocli's messages go
 * through {@link Main}'s parameter-exception handler unchanged, so no picocli hook applies here. The
 * phrases are matched as text because the library's exceptions carry no setting to map; each phrase is
 * pinned by a test that provokes it ({@code TrainCommandTest}), so a reworded library message fails
 * a test instead of silently losing its flag.
 */
final class FlagWording {
  /** Phrases of the training library's messages, and how the command line says them. */
  private static final Map<String, String> PHRASES = new LinkedHashMap<>();

  static {
    PHRASES.put("resume it, or choose another run folder", "pass --resume to continue it, or choose another --out");
    PHRASES.put("use the same configuration or another run folder", "use the same configuration or another --out");
    PHRASES.put("set steps above it to train further", "pass --steps above it to train further");
    PHRASES.put("a warm start needs a folder of exported weights", "--init needs a folder written by --export");
    PHRASES.put("('steps'); export it again", "('steps'); re-export it with --export");
    PHRASES.put("pass the folder a training run was written to", "pass the --out folder of 'ttsvar train'");
  }

  private FlagWording() {}

  /** The message of a library exception as the command line says it. */
  static String of(String message) {
    String m = message;
    for (Map.Entry<String, String> e : PHRASES.entrySet()) {
      m = m.replace(e.getKey(), e.getValue());
    }
    return m;
  }
}
