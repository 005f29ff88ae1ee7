package org.ttsvar.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.Strategy;
import org.ttsvar.search.TtsVar;
import org.ttsvar.world.io.ImageFiles;

/** The README's library example, verbatim between the markers; ReadmeLibraryExampleTest compiles, runs and compares it. */
final class ReadmeExample {
  private ReadmeExample() {}

  static void run(Path png) throws IOException {
    // README:begin
    try (EmbeddedModels models = EmbeddedModels.load()) { // the shipped weights; no downloads
      TtsVar search = TtsVar.builder()
          .generator(models.generator())
          .reward(models.reward("ir"))        // the learned reward the search optimizes
          .extractor(models.extractor("pca")) // structural features for clustering
          .defaults(models.searchDefaults())  // the model's schedule, decision scales, potential, λ
          .strategy(Strategy.TTSVAR).n(4)
          .build();
      SearchResult r = search.generate("a photo of a circle left of a square", 0);
      ImageFiles.writePng(r.best(), png);     // the chosen image
      System.out.printf("%d survivors, best reward %.3f%n", r.survivors().size(), r.survivors().get(0).reward());
    }
    // README:end
  }
}
