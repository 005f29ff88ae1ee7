package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.embedded.tokenizer.TokenizerConfig;
import org.ttsvar.world.Grammar;

/** Random-weight tiny models for fast tests. */
final class TinyModels {
  static final VarConfig VAR = new VarConfig(32, 2, 2, 2, 1, 12, Grammar.vocabulary(), TokenizerConfig.TINY.bits(), TokenizerConfig.TINY.scales(), 0.1);

  private TinyModels() {}

  static VarModel var(NDManager m, long seed) {
    return new VarModel(VAR, m, seed);
  }

  static Tokenizer tokenizer(NDManager m, long seed) {
    return new Tokenizer(TokenizerConfig.TINY, m, seed);
  }

  static List<Integer> scales() {
    return VAR.scales();
  }
}
