package org.ttsvar.models.judges;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.ttsvar.models.judges.dinov2.Dinov2;
import org.ttsvar.models.judges.imagereward.BertPromptTokenizer;
import org.ttsvar.models.judges.imagereward.ImageReward;
import org.ttsvar.world.BadInputException;

/**
 * Parity of the judges with their references on a golden file: DINOv2's patch tokens on the golden's
 * network input ({@code tools/parity/dinov2/make_goldens.py}: {@code pixels} F32 [3, 224, 224],
 * {@code patch_tokens} F32 [256, C]), and ImageReward's normalised reward on the golden's input and
 * tokens ({@code tools/parity/imagereward/make_goldens.py}: {@code pixels}, {@code input_ids},
 * {@code attention_mask} [35], {@code reward} [1], metadata {@code prompt}).
 */
public final class JudgeParity {
  public static final double TOLERANCE = 1e-4;
  static final String DINOV2_MAKER = "tools/parity/dinov2/make_goldens.py";
  static final String IMAGEREWARD_MAKER = "tools/parity/imagereward/make_goldens.py";

  /**
   * @param maxAbs the largest |Δ| of the compared output
   * @param tokensMatch whether our tokenizer gives the golden's ids for its prompt; null when not checked
   */
  public record Result(double maxAbs, Boolean tokensMatch) {
    public boolean passes() {
      return maxAbs <= TOLERANCE && !Boolean.FALSE.equals(tokensMatch);
    }
  }

  private JudgeParity() {}

  /** DINOv2's {@code x_norm_patchtokens} on the golden's pixels against the golden's. */
  public static Result dinov2(Dinov2 model, Path golden) throws IOException {
    try (GoldenFile g = GoldenFile.open(golden, DINOV2_MAKER); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      NDArray pixels = g.array(m, "pixels", 3, 224, 224).expandDims(0);
      int side = 224 / model.config().patch();
      NDArray expected = g.array(m, "patch_tokens", (long) side * side, model.config().width());
      NDArray got = model.patchTokens(pixels).get(0);
      return new Result(got.sub(expected).abs().max().getFloat(), null);
    }
  }

  /**
   * ImageReward's normalised reward on the golden's pixels and tokens against the golden's; with a
   * tokenizer, also whether it turns the golden's prompt into the golden's ids and mask.
   */
  public static Result imageReward(ImageReward model, BertPromptTokenizer tokenizer, Path golden) throws IOException {
    try (GoldenFile g = GoldenFile.open(golden, IMAGEREWARD_MAKER); NDManager m = NDManager.newBaseManager(); NDScope scope = new NDScope()) {
      NDArray pixels = g.array(m, "pixels", 3, 224, 224).expandDims(0);
      long[] ids = longs(g.vector("input_ids"));
      long[] mask = longs(g.vector("attention_mask"));
      if (ids.length != mask.length) {
        throw new BadInputException(golden + ": input_ids has " + ids.length + " entries but attention_mask " + mask.length);
      }
      if (ids.length == 0 || ids.length > model.config().maxPositions()) {
        throw new BadInputException(golden + ": input_ids has " + ids.length + " entries; these weights take 1 to " + model.config().maxPositions());
      }
      for (long id : ids) {
        if (id < 0 || id >= model.config().vocab()) {
          throw new BadInputException(golden + ": input_ids holds " + id + ", outside these weights' vocabulary of " + model.config().vocab()
              + "; is the golden made for this model?");
        }
      }
      float[] reward = g.vector("reward");
      Boolean tokensMatch = null;
      if (tokenizer != null) {
        BertPromptTokenizer.Tokens t = tokenizer.encode(g.metadata("prompt"));
        tokensMatch = Arrays.equals(t.ids(), ids) && Arrays.equals(t.attentionMask(), mask);
      }
      if (reward.length != 1) {
        throw new BadInputException(golden + ": reward has " + reward.length + " entries, expected 1");
      }
      NDArray got = model.score(pixels, m.create(ids, new Shape(1, ids.length)), m.create(mask, new Shape(1, mask.length)));
      return new Result(Math.abs(got.getFloat(0) - reward[0]), tokensMatch);
    }
  }

  private static long[] longs(float[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (long) v[i];
    }
    return out;
  }
}
