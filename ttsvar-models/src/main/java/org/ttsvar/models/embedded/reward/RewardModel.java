package org.ttsvar.models.embedded.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.models.nn.Linear;
import org.ttsvar.models.nn.TransformerBlock;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/**
 * A learned image–prompt reward: a raw logit of "this image shows this prompt", standardized by
 * its {@link RewardCalibration}. Two kinds share the towers:
 *
 * <pre>
 * cross:  [CLS; words] → text layers → (+ where each word points, if locate_words) → fusion layers (self-attention + cross-attention
 *         to image patches) → mean of CLS and words → logit
 *         + alignment: mean over words of the smooth-max similarity of the word (after the text layers) to the image patches
 *         + placement (if locate_words): sum over words of ⟨direction read from the word, where the word points⟩
 * dual:   scale · alignment + bias: the text and the image are encoded apart and meet only in the alignment (token-wise late
 *         interaction, as FILIP): no fusion, so it cannot count or compare places, as CLIPScore cannot
 * </pre>
 *
 * Dimension letters: B batch, T words, g² image patches, C width.
 */
public final class RewardModel implements ModelFiles.Loadable {
  public static final String CALIBRATION = "calibration.json";
  /** Auxiliary per-patch labels: one per colour, then one per shape class. */
  public static final int PATCH_LABELS = org.ttsvar.world.Colour.values().length + org.ttsvar.world.ShapeClass.values().length;
  /** Initial spread of the layers' output projections: GPT-2's 0.02, scaled down for the two residual branches. */
  private static final double OUT_STD = 0.02 / Math.sqrt(2);
  private final RewardConfig config;
  private final Params params;
  private final ImageTower image; // null for a value head, which reads code maps
  private final LatentTower latent; // a value head's input; null for a reward
  private final NDArray wordEmbed; // (V, C)
  private final NDArray textPos; // (1 + T, C), position 0 is CLS
  private final NDArray cls; // (1, C)
  private final List<TransformerBlock> textLayers = new ArrayList<>();
  private final List<TransformerBlock> fusionLayers = new ArrayList<>();
  private final LayerNorm headNorm;
  private final Linear head; // cross: C → 1
  private final Linear alignText, alignImage; // word-to-patch similarity (the alignment term; all the dual kind has)
  private final Linear where; // cross with locate_words: (x, y) a word points at → C; zero at the start, so a warm start is unchanged
  private final Linear placement; // cross with locate_words: word in context → the direction (x, y) its place should lie in; zero at the start
  private final NDArray patchXy; // (g², 2) patch centres in [−1, 1], a constant
  private final NDArray logitScale, logitBias; // dual
  private final Linear patchHead; // C → colours + shapes per patch: an auxiliary training target only
  private RewardCalibration calibration = RewardCalibration.IDENTITY;

  public RewardModel(RewardConfig config, NDManager manager, long seed) {
    this.config = config;
    this.params = new Params(manager, seed);
    int c = config.width();
    image = config.latent() == null ? new ImageTower(params, "image", config) : null;
    latent = config.latent() == null ? null : new LatentTower(params, "latent", config);
    wordEmbed = params.create("text.word_embed", Init.normal(0.02), config.vocabulary().size() + 1, c);
    textPos = params.create("text.pos_embed", Init.normal(0.02), config.maxWords() + 1, c);
    cls = params.create("text.cls", Init.normal(0.02), 1, c);
    for (int i = 0; i < config.textLayers(); i++) {
      textLayers.add(TransformerBlock.selfAttending(params, "text.layers." + i, c, config.heads(), OUT_STD, "norm3"));
    }
    boolean cross = config.kind().equals("cross");
    if (cross) {
      // Cross-attention queries and keys start at unit-variance scale (std 1/√C on normalised inputs),
      // not GPT's 0.02: with 0.02 the text's attention over the image patches is uniform at the start,
      // every image–text interaction is a product of tiny factors, and training sat at chance.
      for (int i = 0; i < config.fusionLayers(); i++) {
        fusionLayers.add(TransformerBlock.crossAttending(params, "fusion." + i, c, config.heads(), OUT_STD, 1 / Math.sqrt(c)));
      }
    }
    headNorm = new LayerNorm(params, "head.norm", c);
    head = cross ? new Linear(params, "head.out", c, 1, true, 0.02) : null;
    alignText = new Linear(params, "align.text", c, c, false, 1 / Math.sqrt(c));
    alignImage = new Linear(params, "align.image", c, c, false, 1 / Math.sqrt(c));
    where = cross && config.locateWords() ? new Linear(params, "locate.where", 2, c, false, 0) : null;
    placement = cross && config.locateWords() ? new Linear(params, "locate.placement", c, 2, false, 0) : null;
    patchXy = cross ? patchCentres(manager, config.gridSize()) : null;
    logitScale = cross ? null : params.create("dual.logit_scale", Init.constant(1f), 1);
    logitBias = cross ? null : params.create("dual.logit_bias", Init.constant(0f), 1);
    patchHead = new Linear(params, "aux.patch_head", c, PATCH_LABELS, true, 0.02);
  }

  public static RewardModel load(Path dir, NDManager manager) throws IOException {
    return ModelFiles.load(dir, RewardConfig.class, config -> new RewardModel(config, manager, 0), RewardModel::readCalibration);
  }

  /** The folder's calibration.json, when there is one (an uncalibrated model standardizes nothing). */
  private static void readCalibration(RewardModel m, Path dir) throws IOException {
    Path cal = dir.resolve(CALIBRATION);
    if (Files.isRegularFile(cal)) {
      m.calibration = ModelFiles.readJson(cal, RewardCalibration.class, "reward calibration");
    }
  }

  public RewardConfig config() {
    return config;
  }

  public Params params() {
    return params;
  }

  public RewardCalibration calibration() {
    return calibration;
  }

  public void setCalibration(RewardCalibration c) {
    this.calibration = c;
  }

  /** Patch tokens of images (B, 3, H, W) in [0, 1]: (B, g², C). */
  NDArray imageTokens(NDArray images) {
    if (image == null) {
      throw new IllegalStateException("this model is a value head: it reads code maps, not images");
    }
    return image.forward(images);
  }

  /** A value head's patch tokens: code maps (B, d, g, g) after scale indices (B, int64): (B, g², C). */
  NDArray latentTokens(NDArray codes, NDArray scales) {
    if (latent == null) {
      throw new IllegalStateException("this model is a reward: it reads images, not code maps");
    }
    return latent.forward(codes, scales);
  }

  /** Auxiliary logits (B, g², {@link #PATCH_LABELS}) of what each patch shows (training only). */
  NDArray patchLogits(NDArray imageTokens) {
    return patchHead.forward(imageTokens);
  }

  /** The text tower's output: [CLS; words] states (B, 1 + T, C) and their additive key mask (B, 1, 1, 1 + T). */
  private record TextStates(NDArray x, NDArray mask) {}

  private TextStates text(NDArray words) {
    long b = words.getShape().get(0), t = words.getShape().get(1);
    int c = config.width();
    NDArray w = wordEmbed.get(words.toType(DataType.INT64, false)); // (B, T, C)
    NDArray x = NDArrays.concat(new NDList(cls.expandDims(0).broadcast(b, 1, c), w), 1).add(textPos); // (B, 1 + T, C)
    NDArray padding = words.eq(0).toType(DataType.FLOAT32, false).mul(-1e9f); // (B, T); no grad: a mask
    NDArray mask = NDArrays.concat(new NDList(padding.getManager().zeros(new ai.djl.ndarray.types.Shape(b, 1)), padding), 1).reshape(b, 1, 1, t + 1);
    for (TransformerBlock layer : textLayers) {
      x = layer.forward(x, mask, null);
    }
    return new TextStates(x, mask);
  }

  /** Raw logits (B) for image tokens (B, g², C) and word ids (B, T). */
  NDArray logits(NDArray imageTokens, NDArray words) {
    return forward(imageTokens, words).logits();
  }

  /** Raw logits (B) and, with locate_words, where each word points (B, T, 2; otherwise null): a training target. */
  record Output(NDArray logits, NDArray wordLocations) {}

  Output forward(NDArray imageTokens, NDArray words) {
    long b = words.getShape().get(0);
    int c = config.width();
    TextStates ts = text(words);
    NDArray x = ts.x(), mask = ts.mask();
    if (head != null) {
      NDArray words01 = words.neq(0).toType(DataType.FLOAT32, false); // (B, T)
      NDArray sim = similarity(x.get(":, 1:"), imageTokens); // (B, T, g²)
      NDArray align = alignment(sim, words01); // (B)
      NDArray locations = where == null ? null : wordLocations(sim); // (B, T, 2); only models that use it pay for it
      NDArray placed = null;
      if (placement != null) {
        // The placement term: Σ over words of ⟨direction read from the word in context, where the word
        // points⟩. In "a cross left of a ring" the text layer can give "cross" the direction −x and
        // "ring" +x, so the term is x_ring − x_cross: a relation becomes linear in the locations.
        // Through the fusion layers alone (where-embeddings) relations stayed at chance for 1,000
        // position-focused steps: there they are a product of the relation word and the locations.
        placed = placement.forward(x.get(":, 1:")).mul(locations).sum(new int[] {2}).mul(words01).sum(new int[] {1}); // (B)
      }
      if (where != null) {
        // Each word's expected patch centre under its own alignment attention, embedded on the word,
        // so the fusion layers see places (the patches' learned position embeddings are drowned by
        // their content after the LayerNorm). On its own this did not teach relations (0.465); the
        // placement term above did.
        NDArray located = where.forward(locations); // (B, T, C)
        x = x.add(NDArrays.concat(new NDList(located.getManager().zeros(new ai.djl.ndarray.types.Shape(b, 1, c)), located), 1));
      }
      for (TransformerBlock layer : fusionLayers) {
        x = layer.forward(x, mask, imageTokens);
      }
      // Mean over CLS and the words, not the CLS alone: each word's token has queried the image
      // with its own content from the first step, while a CLS starts blind to the words (training
      // from the CLS alone sat at chance).
      NDArray pooled = meanOfClsAndWords(x, words01); // (B, C)
      NDArray logit = head.forward(headNorm.forward(pooled)).squeeze(-1).add(align); // (B)
      return new Output(placed == null ? logit : logit.add(placed), locations);
    }
    // Dual: a pooled text · pooled image cosine (CLIP's form) sat at chance for 750 steps against
    // minimally wrong prompts (one word apart), with a mean or an attention pool over the patches.
    NDArray words01 = words.neq(0).toType(DataType.FLOAT32, false); // (B, T)
    NDArray late = alignment(similarity(x.get(":, 1:"), imageTokens), words01); // (B)
    return new Output(late.mul(logitScale).add(logitBias), null); // (B)
  }

  /** Mean of the CLS and word tokens (B, 1 + T, C), padding excluded by the word mask (B, T) → (B, C). */
  private static NDArray meanOfClsAndWords(NDArray x, NDArray words01) {
    long b = x.getShape().get(0);
    NDArray keep = NDArrays.concat(new NDList(words01.getManager().ones(new ai.djl.ndarray.types.Shape(b, 1)), words01), 1).expandDims(-1); // (B, 1 + T, 1)
    return x.mul(keep).sum(new int[] {1}).div(keep.sum(new int[] {1}));
  }

  /** Similarity (B, T, g²) of each word in context (B, T, C) to each image patch (B, g², C), scaled by 1/√C. */
  private NDArray similarity(NDArray text, NDArray imageTokens) {
    NDArray q = alignText.forward(Nn.layerNorm(text, 1e-6f)); // (B, T, C)
    NDArray k = alignImage.forward(imageTokens); // (B, g², C)
    return org.ttsvar.tensor.Scalars.div(q.matMul(k.transpose(0, 2, 1)), (float) Math.sqrt(config.width()));
  }

  /**
   * The alignment term: for each word (in context, after the text layers) its best-matching image
   * patch, a smooth maximum (log-sum-exp) of the similarity over patches, averaged over the words.
   * It rewards "what each word describes is somewhere in the image" with a gradient that is there
   * from the first step; the fusion layers add what it cannot see (counts, relations).
   * Similarity (B, T, g²), word mask (B, T) → (B).
   */
  private static NDArray alignment(NDArray sim, NDArray words01) {
    NDArray top = sim.max(new int[] {2}, true).stopGradient();
    NDArray best = sim.sub(top).exp().sum(new int[] {2}).log().add(top.squeeze(2)); // (B, T)
    return best.mul(words01).sum(new int[] {1}).div(words01.sum(new int[] {1})); // (B)
  }

  /** Where each word points: the patch centres (x, y) averaged under the softmax of its similarity (B, T, g²) → (B, T, 2). */
  NDArray wordLocations(NDArray sim) {
    NDArray top = sim.max(new int[] {2}, true).stopGradient();
    NDArray e = sim.sub(top).exp();
    return e.div(e.sum(new int[] {2}, true)).matMul(patchXy.expandDims(0)); // (B, T, 2)
  }

  /** Patch centres of a g×g grid in row-major order, x then y, each in [−1, 1]: (g², 2). */
  static NDArray patchCentres(NDManager manager, int g) {
    float[] xy = new float[g * g * 2];
    for (int gy = 0; gy < g; gy++) {
      for (int gx = 0; gx < g; gx++) {
        xy[(gy * g + gx) * 2] = (2f * gx + 1) / g - 1;
        xy[(gy * g + gx) * 2 + 1] = (2f * gy + 1) / g - 1;
      }
    }
    return manager.create(xy, new ai.djl.ndarray.types.Shape(g * g, 2));
  }

  /** Where each word of prompts (B, T ids) points in images (B, 3, H, W): (B, T, 2), x then y in [−1, 1]. Cross kind only. */
  public NDArray wordLocations(NDArray images, NDArray words) {
    if (head == null) {
      throw new IllegalStateException("word locations need a cross reward (this one is " + config.kind() + ")");
    }
    return wordLocations(similarity(text(words).x().get(":, 1:"), imageTokens(images)));
  }

  /**
   * A value head's raw output (B) for code maps (B, d, g, g) taken after scale indices (B, int64)
   * and word ids (B, T): the reward's text and fusion layers over the latent tower's patch tokens.
   */
  public NDArray valueLogits(NDArray codes, NDArray scales, NDArray words) {
    return forward(latentTokens(codes, scales), words).logits();
  }

  /** The image tower's pooled embedding (B, C): the {@code supervised} feature of the search. */
  public NDArray embedding(NDArray images) {
    return imageTokens(images).mean(new int[] {1});
  }

  @Override
  public void close() {
    params.close();
  }
}
