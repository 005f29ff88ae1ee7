package org.ttsvar.models.infinity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.world.BadInputException;

/**
 * The text encoder against a golden made by Hugging Face transformers ({@value #MAKER}): for every prompt of the
 * golden, our tokenizer's ids against {@code case.K.input_ids} and our states of those tokens against
 * {@code case.K.states} (the reference's last hidden state of the real tokens, padded to 512 with the mask as
 * Infinity runs it). The golden's metadata {@code prompts} lists the prompts in order.
 */
public final class T5Parity {
  public static final double TOLERANCE = 1e-4;
  static final String MAKER = "tools/parity/t5/make_encoder_goldens.py";

  /**
   * @param maxAbs the largest |Δ| of the states, per prompt
   * @param tokensMatch whether our ids equal the golden's, per prompt
   */
  public record Result(List<String> prompts, List<Double> maxAbs, List<Boolean> tokensMatch) {
    public double worst() {
      return maxAbs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public boolean allTokensMatch() {
      return !tokensMatch.contains(false);
    }

    public boolean passes() {
      return worst() <= TOLERANCE && allTokensMatch();
    }
  }

  private T5Parity() {}

  public static Result check(T5TextFeatures text, Path golden) throws IOException {
    List<String> prompts = new ArrayList<>();
    List<Double> maxAbs = new ArrayList<>();
    List<Boolean> tokensMatch = new ArrayList<>();
    try (SafeTensors g = SafeTensors.open(golden)) {
      String listed = g.metadata().get("prompts");
      if (listed == null) {
        throw new BadInputException(golden + ": no metadata 'prompts'; is this a golden of " + MAKER + "?");
      }
      prompts.addAll(List.of(new ObjectMapper().readValue(listed, String[].class)));
      for (int k = 0; k < prompts.size(); k++) {
        TensorData ids = tensor(g, golden, "case." + k + ".input_ids");
        TensorData want = tensor(g, golden, "case." + k + ".states");
        int[] goldenIds = new int[ids.values().length];
        for (int i = 0; i < goldenIds.length; i++) {
          goldenIds[i] = (int) ids.values()[i];
        }
        tokensMatch.add(Arrays.equals(text.tokenize(prompts.get(k)), goldenIds));
        TensorData got = text.encoder().encode(goldenIds); // the golden's tokens, so a tokenizer difference does not hide the encoder's
        if (!Arrays.equals(got.shape(), want.shape())) {
          throw new BadInputException(golden + ": case." + k + ".states is " + Arrays.toString(want.shape()) + " but the encoder gives "
              + Arrays.toString(got.shape()) + "; a golden of another model size?");
        }
        double m = 0;
        for (int i = 0; i < got.values().length; i++) {
          m = Math.max(m, Math.abs((double) got.values()[i] - want.values()[i]));
        }
        maxAbs.add(m);
      }
    }
    return new Result(prompts, maxAbs, tokensMatch);
  }

  private static TensorData tensor(SafeTensors g, Path golden, String name) throws IOException {
    if (!g.has(name)) {
      throw new BadInputException(golden + ": no tensor '" + name + "'; is this a golden of " + MAKER + "?");
    }
    return g.read(name);
  }
}
