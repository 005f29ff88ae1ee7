package org.ttsvar.cli;

import java.nio.file.Path;
import org.ttsvar.world.io.FolderLock;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Option;

/** The options of a command that fills a GenEval-layout folder with images (render, sample). */
public final class ImageSetOptions {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must be empty unless --resume).")
  Path out;

  @Option(names = "--images-per-prompt", defaultValue = "4", description = "Images per prompt (default: ${DEFAULT-VALUE}).")
  int imagesPerPrompt;

  @Option(names = "--seed", defaultValue = "0", description = "Base seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--resume", description = "Complete an interrupted run with the same arguments, keeping the images already written.")
  boolean resume;

  public Path out() {
    return out;
  }

  public int imagesPerPrompt() {
    return imagesPerPrompt;
  }

  public long seed() {
    return seed;
  }

  public boolean resume() {
    return resume;
  }

  /**
   * Takes {@code --out} for this run ({@link FolderLock}: a second run into it is refused while this
   * one lasts), after the checks that need no folder, so that refused input leaves none behind.
   */
  FolderLock lock(String command) throws java.io.IOException {
    ImageSetWriter.checkImagesPerPrompt(imagesPerPrompt);
    return FolderLock.acquire(out, command);
  }
}
