package org.ttsvar.models.embedded.tokenizer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.data.WorldSamples;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.world.Seeds;

/**
 * Trains the tokenizer on world scenes (prompt scenes of all six tasks plus free compositions).
 *
 * <p>Loss: L1 + MSE of the full reconstruction, with object pixels weighted {@value #OBJECT_WEIGHT}×
 * (objects cover about a twentieth of the canvas, so an unweighted loss is spent on the background
 * while thin shapes — stars, crosses, arrows — blur into each other); {@value #COMMIT} × commitment ‖z − sg(f̂)‖²; and
 * {@value #PARTIAL} × (L1 + MSE) of the decode after a random earlier scale k against the image
 * area-averaged to that scale's resolution (8·s_k px) and resized back. The last term teaches the
 * decoder to render partial sums as blurred versions of the final image, which is what the search
 * scores at intermediate scales.
 */
public final class TokenizerTrainer {
  static final double COMMIT = 0.25;
  static final double PARTIAL = 0.25;
  static final double OBJECT_WEIGHT = 5;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Default schedule: 6,000 steps of 32 images (≈ 192 k images, about 1.5 h on 2 cores). */
  public static final TrainSettings DEFAULT_SETTINGS = new TrainSettings(6000, 32, 1e-3, 5e-5, 300, 0.0, 1.0, 250, 50, 1);

  private TokenizerTrainer() {}

  public static Tokenizer train(TokenizerConfig config, TrainSettings settings, RunRequest run, PrintStream err) throws IOException {
    NDManager manager = NDManager.newBaseManager();
    Tokenizer tok = new Tokenizer(config, manager, settings.seed());
    tok.params().closeAlso(manager); // the caller closes the model, and with it this manager
    WorldSamples samples = new WorldSamples(settings.seed(), 0.25);
    ObjectNode desc = MAPPER.createObjectNode();
    desc.put("model", "tokenizer");
    desc.set("config", MAPPER.valueToTree(config));
    desc.put("data", "world scenes: 75% prompt scenes of the six tasks (equal shares), 25% free compositions of 0-4 objects");
    desc.put("loss", "object-weighted (" + OBJECT_WEIGHT + "x) L1 + MSE, commitment " + COMMIT + ", partial-decode " + PARTIAL);
    int size = config.imageSize();
    int b = settings.batchSize();
    int scales = config.numScales();
    try {
      TrainingLoop.train(
          "tokenizer",
          tok.params(),
          settings,
          desc,
          run,
          step -> {
            // The world renders 64×64; a smaller config (the tiny test one) takes the first B·3·H·W
            // values of the packed batch, as it always has, so tiny runs stay as they were.
            NDArray x = manager.create(ImageBatch.pack(samples.images(step, b)), new Shape(b, 3, size, size)); // (B, 3, H, W)
            NDArray z = tok.encode(x);
            Tokenizer.Quantized q = tok.quantize(z, true);
            NDArray rec = tok.decode(q.fHat());
            NDArray weight = objectWeight(x);
            NDArray l1 = rec.sub(x).abs().mul(weight).mean();
            NDArray mse = rec.sub(x).square().mul(weight).mean();
            NDArray commit = z.sub(q.fHat().stopGradient()).square().mean();
            int k = (int) Math.floorMod(Seeds.derive(settings.seed(), step, -1), scales - 1);
            int px = 8 * config.scales().get(k) * size / 64;
            NDArray target = Resize.resize(Resize.resize(x, Resize.Mode.AREA, px, px), Resize.Mode.BILINEAR, size, size);
            NDArray partial = tok.decode(q.fHatAfter().get(k));
            NDArray partialLoss = partial.sub(target).abs().mean().add(partial.sub(target).square().mean());
            NDArray total = l1.add(mse).add(Scalars.mul(commit, (float) COMMIT)).add(Scalars.mul(partialLoss, (float) PARTIAL));
            Map<String, NDArray> metrics = new LinkedHashMap<>();
            metrics.put("l1", l1);
            metrics.put("mse", mse);
            metrics.put("commit", commit);
            metrics.put("partial", partialLoss);
            return new TrainingLoop.Loss(total, metrics);
          },
          err);
    } catch (IOException | RuntimeException e) {
      tok.close();
      throw e;
    }
    return tok;
  }

  /**
   * Per-pixel loss weight (B, 1, H, W): {@value #OBJECT_WEIGHT} on pixels that differ from the
   * background (the top-left pixel: scenes keep a margin) and on their one-pixel fringe, 1 elsewhere.
   */
  static NDArray objectWeight(NDArray x) {
    NDArray background = x.get(":, :, 0:1, 0:1");
    NDArray object = x.sub(background).abs().max(new int[] {1}, true).gt(2f / 255).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
    NDArray grown = ai.djl.nn.pooling.Pool.maxPool2d(object, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false);
    return grown.mul((float) (OBJECT_WEIGHT - 1)).add(1f); // no grad: loss weights
  }
}
