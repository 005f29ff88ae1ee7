package org.ttsvar.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.models.embedded.var.VarConfig;
import org.ttsvar.models.embedded.var.VarModel;
import org.ttsvar.world.Grammar;

/** Random tiny embedded models for command tests: {@code DIR/tokenizer} and {@code DIR/var}, fast to load and run. */
final class TinyModels {
  private TinyModels() {}

  /**
   * Saves them under {@code dir}, with search defaults of 4 paths per unit of N, resampling at scale 0 and
   * clustering at scale 1 down to 2.
   */
  static void save(Path dir) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      Tokenizer tok = new Tokenizer(TokenizerConfig.TINY, m, 1);
      ModelFiles.save(dir.resolve("tokenizer"), TokenizerConfig.TINY, tok.params(), Map.of());
      VarConfig vc = new VarConfig(32, 2, 2, 2, 1, 12, Grammar.vocabulary(), TokenizerConfig.TINY.bits(), TokenizerConfig.TINY.scales(), 0.1);
      ModelFiles.save(dir.resolve("var"), vc, new VarModel(vc, m, 2).params(), Map.of());
    }
    Files.writeString(dir.resolve("var").resolve("search.json"),
        "{\"batchSchedule\":[4,2,2],\"clusterScales\":[1],\"resampleScales\":[0],\"potential\":\"value\",\"lambda\":10.0,\"extractor\":\"pca\"}");
  }
}
