package org.ttsvar.models.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ttsvar.models.data.TextVocabulary;
import org.ttsvar.models.tokenizer.Tokenizer;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.world.Degradations;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.Malformations;
import org.ttsvar.world.Perturbations;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneObject;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.Task;

/**
 * Trains a reward model on world scenes with known content: each scene appears with its own prompt
 * (label 1) and with a minimally wrong one (label 0), as one of five image variants: a clean render
 * (25%), a degraded render (25%: blur, noise or 2× down/up), the tokenizer's reconstruction (25%),
 * its partial decode after a random earlier scale (15%, the blurry images the search scores), or a
 * generated completion (10%). Loss: binary cross-entropy of both rows plus a pairwise logistic loss
 * on (matching − wrong), plus an auxiliary per-patch loss on what the scene shows there ({@link #patchLabels}).
 * With {@link DataMix#malformed} some negative rows keep the matching prompt and change the image
 * instead: the same scene with one object melted or cut ({@link Malformations}), the half-formed
 * shapes a small generator makes; with {@link DataMix#codeDamaged} some reconstructions get as their
 * negative the same reconstruction with one object's fine codes turned to noise ({@link CodeDamage}).
 *
 * <p>Generated images with known content: the VAR model is teacher-forced with the scene's own codes
 * for the coarse scales that fix the layout (the first {@link #FORCED_SCALES}) and samples the
 * rest, so the image carries the generator's own texture and artefacts while its content is the
 * scene's. Free generations are not used: their content is unknown without the verifier, and
 * labelling them with the prompt they were generated from would teach the reward to forgive exactly
 * the generator's mistakes. The reward never sees the verifier's code or decisions.
 */
public final class RewardTrainer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final TrainSettings DEFAULT_SETTINGS = new TrainSettings(3000, 32, 5e-4, 2e-5, 200, 0.05, 1.0, 250, 50, 3);

  private RewardTrainer() {}

  public static RewardConfig defaultConfig(String kind) {
    return new RewardConfig(kind, 64, List.of(32, 64, 128), 1, 2, 4, 12, Grammar.vocabulary(), false); // 8×8 patches of 8 pixels
  }

  /** Scales taken from the scene's own codes before the generator samples the rest (variant 4). */
  public static final int FORCED_SCALES = 5;

  /** The generator used for variant 4 (generated completions), or none (variant 4 then falls back to a render). */
  public record Completer(org.ttsvar.models.var.VarModel model, org.ttsvar.models.var.SamplingConfig sampling, String id) {}

  /**
   * One training row pair's image and prompts. With a {@code malformed} image or a code {@code damage}
   * the negative row is that image (or the damaged reconstruction of the scene) with the matching
   * prompt ({@code wrong} is then {@code match}); otherwise it is {@code image} with the wrong prompt.
   */
  record Example(
      Scene scene, RgbImage image, int variant, int partialScale, PromptSpec match, PromptSpec wrong, Task task, RgbImage malformed, CodeDamage.Damage damage) {
    Example(Scene scene, RgbImage image, int variant, int partialScale, PromptSpec match, PromptSpec wrong, Task task) {
      this(scene, image, variant, partialScale, match, wrong, task, null, null);
    }

    /** Whether the negative row shows another image than {@code image}. */
    boolean replacesNegative() {
      return malformed != null || damage != null;
    }
  }

  static Example example(long seed, long step, int i, int numScales) {
    return example(seed, step, i, numScales, DataMix.PLAIN);
  }

  /**
   * The kind of change a hard negative makes to a prompt of the task: the one that needs more than
   * "is there an X of colour Y" to tell apart (the count, the relation, the colour binding).
   * Single- and two-object prompts have only object changes.
   */
  static Perturbations.Kind hardKind(Task task) {
    return switch (task) {
      case SINGLE_OBJECT, TWO_OBJECT -> Perturbations.Kind.OBJECT;
      case COUNTING -> Perturbations.Kind.COUNT;
      case COLORS -> Perturbations.Kind.COLOUR;
      case POSITION -> Perturbations.Kind.RELATION;
      case COLOR_ATTR -> Perturbations.Kind.SWAP_COLOURS;
    };
  }

  /**
   * One training example.
   *
   * @param mix hard negatives and a focus task ({@link DataMix#PLAIN} reproduces the original data stream exactly)
   */
  static Example example(long seed, long step, int i, int numScales, DataMix mix) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, step, i));
    Task task = Task.values()[rng.nextInt(Task.values().length)];
    if (mix.focus() != null && rng.nextDouble() < mix.focusShare()) {
      task = mix.focus();
    }
    PromptSpec spec = PromptSetGenerator.draw(task, rng);
    Scene scene = new SceneSampler().sample(spec, rng.nextLong());
    RgbImage img = Renderer.render(scene);
    double u = rng.nextDouble();
    int variant = u < 0.25 ? 0 : u < 0.50 ? 1 : u < 0.75 ? 2 : u < 0.90 ? 3 : 4;
    java.util.function.UnaryOperator<RgbImage> degrade = java.util.function.UnaryOperator.identity();
    if (variant == 1) {
      degrade = switch (rng.nextInt(3)) {
        case 0 -> {
          double sigma = 0.5 + rng.nextDouble() * 0.8;
          yield im -> Degradations.gaussianBlur(im, sigma);
        }
        case 1 -> {
          double sigma = 2 + rng.nextDouble() * 8;
          long noiseSeed = rng.nextLong();
          yield im -> Degradations.addNoise(im, sigma, noiseSeed);
        }
        default -> Degradations::downUp;
      };
      img = degrade.apply(img);
    }
    int partial = 1 + rng.nextInt(numScales - 2); // scales 1..K−2 (0 is a single flat colour)
    PromptSpec wrong = mix.hardNegatives() > 0 && rng.nextDouble() < mix.hardNegatives()
        ? Perturbations.apply(spec, hardKind(task), rng)
        : Perturbations.random(spec, rng).spec();
    // drawn last, and only when asked for, so that a mix without malformed negatives keeps its stream
    if (mix.malformed() > 0 && variant <= 2 && rng.nextDouble() < mix.malformed()) {
      RgbImage malformed = degrade.apply(Malformations.render(scene, Malformations.draw(scene, rng)));
      return new Example(scene, img, variant, partial, spec, spec, task, malformed, null);
    }
    if (mix.codeDamaged() > 0 && variant == 2 && rng.nextDouble() < mix.codeDamaged()) {
      return new Example(scene, img, variant, partial, spec, spec, task, null, CodeDamage.draw(scene, numScales, rng));
    }
    return new Example(scene, img, variant, partial, spec, wrong, task);
  }

  public static RewardModel train(
      RewardConfig config, Tokenizer tokenizer, String tokenizerId, Completer completer, TrainSettings s, RunRequest run, PrintStream err)
      throws IOException {
    return train(config, tokenizer, tokenizerId, completer, DataMix.PLAIN, s, run, err);
  }

  /** @param mix see {@link #example(long, long, int, int, DataMix)}; recorded in run.json */
  public static RewardModel train(
      RewardConfig config, Tokenizer tokenizer, String tokenizerId, Completer completer, DataMix mix, TrainSettings s, RunRequest run,
      PrintStream err)
      throws IOException {
    NDManager manager = NDManager.newBaseManager();
    RewardModel model = new RewardModel(config, manager, s.seed());
    TextVocabulary vocab = new TextVocabulary(config.vocabulary(), config.maxWords());
    ObjectNode desc = MAPPER.createObjectNode();
    desc.put("model", "reward");
    desc.set("config", MAPPER.valueToTree(config));
    desc.put("tokenizer", tokenizerId);
    desc.put("data", "world scenes × {render 25%, degraded 25%, reconstruction 25%, partial decode 15%, generated completion 10%} × {own prompt, minimally wrong prompt}");
    if (mix.hardNegatives() > 0) {
      desc.put("hard_negatives", mix.hardNegatives()); // absent = 0, so older runs resume unchanged
    }
    if (mix.focus() != null) {
      desc.put("focus", mix.focus().tag() + "=" + mix.focusShare()); // likewise absent without a focus
    }
    if (mix.malformed() > 0) {
      desc.put("malformed", mix.malformed()); // likewise absent without malformed negatives
    }
    if (mix.codeDamaged() > 0) {
      desc.put("code_damaged", mix.codeDamaged()); // likewise
    }
    desc.put("generator", completer == null ? "none (completions replaced by renders)" : completer.id() + " " + completer.sampling() + ", " + FORCED_SCALES + " forced scales");
    int b = s.batchSize();
    int size = config.imageSize();
    int scales = tokenizer.config().numScales();
    TrainingLoop.train(
        "reward-" + config.kind(),
        model.params(),
        s,
        desc,
        run,
        step -> {
          List<Example> ex = new ArrayList<>();
          for (int i = 0; i < b; i++) {
            ex.add(example(s.seed(), step, i, scales, mix));
          }
          NDArray images = variants(manager, tokenizer, completer, ex, size, Seeds.derive(s.seed(), step, -7)); // (B, 3, H, W)
          long[] words = new long[2 * b * config.maxWords()];
          for (int i = 0; i < b; i++) {
            int[] m = vocab.encode(ex.get(i).match().prompt());
            int[] w = vocab.encode(ex.get(i).wrong().prompt());
            for (int j = 0; j < config.maxWords(); j++) {
              words[i * config.maxWords() + j] = m[j];
              words[(b + i) * config.maxWords() + j] = w[j];
            }
          }
          NDArray tokens, negative;
          if (ex.stream().noneMatch(Example::replacesNegative)) {
            tokens = model.imageTokens(images); // (B, g², C)
            negative = tokens;
          } else { // one pass through the image tower for the B images and the M replaced negatives
            NDArray replaced = replacedNegatives(manager, tokenizer, completer, ex, size, Seeds.derive(s.seed(), step, -8));
            NDArray all = model.imageTokens(NDArrays.concat(new NDList(images, replaced), 0)); // (B + M, g², C)
            tokens = all.get("0:" + b);
            negative = negativeRows(ex, tokens, all.get(b + ":"));
          }
          NDArray both = NDArrays.concat(new NDList(tokens, negative), 0); // (2B, g², C)
          RewardModel.Output out = model.forward(both, manager.create(words, new Shape(2L * b, config.maxWords())));
          NDArray logits = out.logits(); // (2B)
          NDArray lm = logits.get("0:" + b);
          NDArray lw = logits.get(b + ":");
          // BCE: −log σ(lm) − log(1 − σ(lw)) = softplus(−lm) + softplus(lw); pairwise: softplus(−(lm − lw))
          NDArray bce = Scalars.mul(Activation.softPlus(lm.neg()).add(Activation.softPlus(lw)).mean(), 0.5f);
          NDArray pair = Activation.softPlus(lw.sub(lm)).mean();
          // auxiliary: what each image patch shows (colours and shapes of the objects overlapping it)
          float[] labels = new float[b * config.gridSize() * config.gridSize() * RewardModel.PATCH_LABELS];
          for (int i = 0; i < b; i++) {
            float[] l = patchLabels(ex.get(i).scene(), config.gridSize());
            System.arraycopy(l, 0, labels, i * l.length, l.length);
          }
          NDArray patchLogits = model.patchLogits(tokens); // (B, g², labels)
          NDArray y = manager.create(labels, patchLogits.getShape());
          NDArray aux = Activation.softPlus(patchLogits).sub(y.mul(patchLogits)).mean(); // BCE with logits
          Map<String, NDArray> metrics = new LinkedHashMap<>();
          metrics.put("bce", bce);
          metrics.put("patch_bce", aux);
          metrics.put("pair_accuracy", lm.gt(lw).toType(DataType.FLOAT32, false).mean());
          NDArray loss = bce.add(pair).add(aux);
          if (config.locateWords()) {
            // auxiliary: where each object noun of the matching prompt points (its object's centre)
            int t = config.maxWords();
            float[] target = new float[b * t * 2], known = new float[b * t * 2];
            for (int i = 0; i < b; i++) {
              nounTargets(ex.get(i).match().prompt(), ex.get(i).scene(), t, target, known, i * t * 2);
            }
            NDArray where = out.wordLocations().get("0:" + b); // (B, T, 2)
            NDArray k = manager.create(known, where.getShape());
            NDArray err2 = where.sub(manager.create(target, where.getShape())).square().mul(k).sum().div(k.sum().add(1f));
            metrics.put("where_mse", err2);
            loss = loss.add(err2);
          }
          return new TrainingLoop.Loss(loss, metrics);
        },
        err);
    return model;
  }

  private static Example withImage(Example e, RgbImage image) {
    return new Example(e.scene(), image, e.variant(), e.partialScale(), e.match(), e.wrong(), e.task());
  }

  /**
   * The images (M, 3, H, W) of the negative rows that replace an example's own image, in the examples'
   * order: a malformed scene through the example's variant, or the code-damaged reconstruction.
   */
  static NDArray replacedNegatives(NDManager manager, Tokenizer tokenizer, Completer completer, List<Example> ex, int size, long seed) {
    List<Example> malformed = ex.stream().filter(e -> e.malformed() != null).map(e -> withImage(e, e.malformed())).toList();
    List<Example> damaged = ex.stream().filter(e -> e.damage() != null).toList();
    NDArray m = malformed.isEmpty() ? null : variants(manager, tokenizer, completer, malformed, size, seed);
    NDArray d = null;
    if (!damaged.isEmpty()) {
      int plane = 3 * size * size;
      float[] pixels = new float[damaged.size() * plane];
      for (int i = 0; i < damaged.size(); i++) {
        System.arraycopy(damaged.get(i).image().toChwFloats(), 0, pixels, i * plane, plane); // the clean render (variant 2)
      }
      d = CodeDamage.apply(
          tokenizer,
          manager.create(pixels, new Shape(damaged.size(), 3, size, size)),
          damaged.stream().map(Example::scene).toList(),
          damaged.stream().map(Example::damage).toList());
    }
    List<NDArray> rows = new ArrayList<>();
    int mi = 0, di = 0;
    for (Example e : ex) {
      if (e.malformed() != null) {
        rows.add(m.get(mi + ":" + (mi + 1)));
        mi++;
      } else if (e.damage() != null) {
        rows.add(d.get(di + ":" + (di + 1)));
        di++;
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /** The negative rows' image tokens: the replacing image's (in order) where an example has one, else its own. */
  static NDArray negativeRows(List<Example> ex, NDArray tokens, NDArray replacedTokens) {
    List<NDArray> rows = new ArrayList<>();
    int m = 0;
    for (int i = 0; i < ex.size(); i++) {
      if (ex.get(i).replacesNegative()) {
        rows.add(replacedTokens.get(m + ":" + (m + 1)));
        m++;
      } else {
        rows.add(tokens.get(i + ":" + (i + 1)));
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /**
   * The auxiliary targets of a scene on the image tower's g×g patch grid: for each patch, a
   * multi-hot over the colours then the shapes of the objects whose bounding square covers at least
   * a fifth of the patch or of the object. These dense labels (known from the scene, never from the
   * verifier) teach the image tower colours and shapes at places; matching prompts alone is too weak
   * a signal to learn them from (training sat at chance for 500 steps without them).
   */
  static float[] patchLabels(Scene scene, int grid) {
    int colours = org.ttsvar.world.Colour.values().length;
    float[] out = new float[grid * grid * RewardModel.PATCH_LABELS];
    double cellW = (double) scene.width() / grid, cellH = (double) scene.height() / grid;
    for (SceneObject o : scene.objects()) {
      for (int gy = 0; gy < grid; gy++) {
        for (int gx = 0; gx < grid; gx++) {
          double w = Math.min(o.right(), (gx + 1) * cellW) - Math.max(o.left(), gx * cellW);
          double h = Math.min(o.bottom(), (gy + 1) * cellH) - Math.max(o.top(), gy * cellH);
          if (w <= 0 || h <= 0 || w * h < 0.2 * Math.min(cellW * cellH, o.size() * o.size())) {
            continue;
          }
          int base = (gy * grid + gx) * RewardModel.PATCH_LABELS;
          out[base + o.colour().ordinal()] = 1;
          out[base + colours + o.shape().ordinal()] = 1;
        }
      }
    }
    return out;
  }

  /**
   * Targets of the auxiliary location loss for one prompt: each word that names an object class of
   * which the scene holds exactly one object gets that object's centre (x, y in [−1, 1], the
   * {@link RewardModel#patchCentres} frame) and a 1 in {@code known}; other words (counts of several
   * objects, relations, articles, colours) stay 0. Known from the scene, never from the verifier.
   */
  static void nounTargets(String prompt, Scene scene, int maxWords, float[] target, float[] known, int offset) {
    String[] words = prompt.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
    for (int j = 0; j < Math.min(words.length, maxWords); j++) {
      var shape = org.ttsvar.world.ShapeClass.fromNoun(words[j]);
      if (shape.isEmpty()) {
        continue;
      }
      List<SceneObject> same = scene.objects().stream().filter(o -> o.shape() == shape.get()).toList();
      if (same.size() != 1) {
        continue;
      }
      SceneObject o = same.get(0);
      target[offset + 2 * j] = (float) (2 * o.centreX() / scene.width() - 1);
      target[offset + 2 * j + 1] = (float) (2 * o.centreY() / scene.height() - 1);
      known[offset + 2 * j] = known[offset + 2 * j + 1] = 1;
    }
  }

  /**
   * Builds the batch's images: renders as they are; variants 2 and 3 through the tokenizer (full or
   * partial decode); variant 4 completed by the generator from the scene's coarse codes.
   */
  static NDArray variants(NDManager manager, Tokenizer tokenizer, Completer completer, List<Example> ex, int size, long seed) {
    int b = ex.size();
    int plane = 3 * size * size;
    float[] pixels = new float[b * plane];
    for (int i = 0; i < b; i++) {
      System.arraycopy(ex.get(i).image().toChwFloats(), 0, pixels, i * plane, plane);
    }
    NDArray x = manager.create(pixels, new Shape(b, 3, size, size));
    List<Integer> viaTokenizer = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      if (ex.get(i).variant() == 2 || ex.get(i).variant() == 3 || (ex.get(i).variant() == 4 && completer != null)) {
        viaTokenizer.add(i);
      }
    }
    if (viaTokenizer.isEmpty()) {
      return x;
    }
    long[] idx = viaTokenizer.stream().mapToLong(Integer::longValue).toArray();
    NDArray sub = x.get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(idx)));
    var q = tokenizer.quantize(tokenizer.encode(sub), false);
    int n = idx.length;
    int last = tokenizer.config().numScales() - 1;
    NDArray stacked = NDArrays.stack(new NDList(q.fHatAfter()), 0); // (K, n, d, h, w)
    long[] pick = new long[n];
    for (int j = 0; j < n; j++) {
      Example e = ex.get(viaTokenizer.get(j));
      int k = e.variant() == 3 ? e.partialScale() : last;
      pick[j] = (long) k * n + j;
    }
    Shape s = stacked.getShape();
    NDArray chosen = stacked.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4)).get(new ai.djl.ndarray.index.NDIndex("{}", manager.create(pick)));
    NDArray decoded = tokenizer.decodeImage(chosen).stopGradient(); // (n, 3, H, W)
    for (int j = 0; j < n; j++) {
      Example e = ex.get(viaTokenizer.get(j));
      if (e.variant() == 4) {
        NDArray generated = manager.create(complete(tokenizer, completer, e.match().prompt(), q, j, Seeds.derive(seed, j)).toChwFloats(), new Shape(1, 3, size, size));
        decoded = NDArrays.concat(new NDList(decoded.get("0:" + j), generated, decoded.get((j + 1) + ":")), 0);
      }
    }
    // put the decoded rows back in place
    List<NDArray> rows = new ArrayList<>();
    int j = 0;
    for (int i = 0; i < b; i++) {
      if (j < n && viaTokenizer.get(j) == i) {
        rows.add(decoded.get(j + ":" + (j + 1)));
        j++;
      } else {
        rows.add(x.get(i + ":" + (i + 1)));
      }
    }
    return NDArrays.concat(new NDList(rows), 0);
  }

  /**
   * The generator's completion of a known scene: its first {@link #FORCED_SCALES} scales forced to
   * row {@code row} of {@code q}, the rest sampled. Runs without autograd and restores the caller's
   * grad mode (this is called inside the reward's training step).
   */
  static RgbImage complete(Tokenizer tokenizer, Completer completer, String prompt, Tokenizer.Quantized q, int row, long seed) {
    boolean grad = ai.djl.pytorch.jni.JniUtils.isGradMode();
    try (org.ttsvar.models.var.Particles p = org.ttsvar.models.var.Particles.start(completer.model(), tokenizer, prompt, 1, seed, completer.sampling())) {
      int forced = Math.min(FORCED_SCALES, p.numScales() - 1);
      for (int k = 0; k < forced; k++) {
        p.stepForced(q.bits().get(k).get(row + ":" + (row + 1)));
      }
      while (!p.finished()) {
        p.step();
      }
      return p.decodeAll()[0];
    } finally {
      ai.djl.pytorch.jni.JniUtils.setGradMode(grad);
    }
  }
}
