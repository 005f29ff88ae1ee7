package org.ttsvar.models.judges.imagereward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.models.nn.BertLayer;
import org.ttsvar.models.nn.LayerByLayer;
import org.ttsvar.models.nn.LayerNorm;
import org.ttsvar.models.nn.Linear;
import org.ttsvar.models.nn.VisionTransformer;
import org.ttsvar.models.nn.VitConfig;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.NamedTensors;
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.Scalars;
import org.ttsvar.tensor.StrictParams;
import org.ttsvar.tensor.pth.PthFile;

/**
 * ImageReward (THUDM/ImageReward, {@code ImageReward.py}) from its official checkpoint, as
 * {@code ImageReward.load} builds it and {@code score} runs it:
 *
 * <pre>
 * image = blip.visual_encoder(pixels)               BLIP ViT: class token + patches, pre-LN, LayerNorm eps 1e-6
 * t     = blip.text_encoder(ids, mask, image)       BERT, post-LN (eps 1e-12), every layer self- then
 *                                                   cross-attention to all image tokens, exact GELU
 * r     = mlp(t[:, 0])                              Linear C→1024→128→64→16→1, no activations
 * score = (r − 0.16717362830052426) / 1.0333394966054072
 * </pre>
 *
 * <p>Sizes come from the tensors' shapes (ViT width from {@code cls_token}, patch from the patch
 * convolution, depths from the blocks and layers present, head size 64 in both towers as in every BLIP
 * release, the text width from the word embeddings, the cross-attention's memory width from its key
 * projection), so a tiny file in the same layout loads as the real one does. Loading is strict, except
 * for what the release's {@code load_state_dict(strict=False)} carries along unused: the
 * {@code position_ids} buffer and BLIP's contrastive projections {@code blip.vision_proj},
 * {@code blip.text_proj} (taken, then dropped; the reward never reads them).
 *
 * <p>Dimension letters: B images, L text tokens, N = 1 + h·w image tokens, E image width, C text width.
 */
public final class ImageReward implements AutoCloseable {
  /** Head width of BLIP's ViT and of BERT-base. */
  public static final int HEAD_SIZE = 64;
  /** BERT's LayerNorm eps ({@code layer_norm_eps} of the release's med_config.json). */
  public static final float BERT_EPS = 1e-12f;
  /** The release's normalisation of the head's output. */
  public static final float MEAN = 0.16717362830052426f;
  public static final float STD = 1.0333394966054072f;
  /** What BERT adds to the scores of padding tokens ({@code (1 − mask) · −10000}). */
  private static final float MASKED = -10000f;

  private static final String VIT = "blip.visual_encoder.";
  private static final String BERT = "blip.text_encoder.";

  /** The sizes read from a checkpoint. */
  public record Config(VitConfig vision, int textWidth, int textDepth, int textHeads, int textHidden, int vocab, int maxPositions) {}

  private final NDManager manager;
  private final Config config;
  private final VisionTransformer vit;
  private final NDArray wordEmbeddings;
  private final NDArray positionEmbeddings;
  private final LayerNorm embeddingNorm;
  private final List<BertLayer> layers = new ArrayList<>();
  private final List<Linear> head = new ArrayList<>();

  private ImageReward(NDManager manager, StrictParams p, Config c) throws CorruptWeightsException {
    this.manager = manager;
    this.config = c;
    vit = new VisionTransformer(p, VIT, c.vision());
    wordEmbeddings = p.create(BERT + "embeddings.word_embeddings.weight", Init.normal(0.02), c.vocab(), c.textWidth());
    positionEmbeddings = p.create(BERT + "embeddings.position_embeddings.weight", Init.normal(0.02), c.maxPositions(), c.textWidth());
    embeddingNorm = new LayerNorm(p, BERT + "embeddings.LayerNorm", c.textWidth(), BERT_EPS);
    for (int i = 0; i < c.textDepth(); i++) {
      layers.add(new BertLayer(p, BERT + "encoder.layer." + i, c.textWidth(), c.textHeads(), c.textHidden(), c.vision().width(), BERT_EPS));
    }
    int in = c.textWidth();
    for (int i : new int[] {0, 2, 4, 6, 7}) { // nn.Sequential indices (dropouts in between)
      int out = (int) p.shape("mlp.layers." + i + ".weight")[0];
      head.add(new Linear(p, "mlp.layers." + i, in, out, true, 0.02));
      in = out;
    }
    if (in != 1) {
      throw new CorruptWeightsException(p.where() + ": 'mlp.layers.7.weight' maps to " + in + " values, expected 1 (the reward)");
    }
    if (p.has(BERT + "embeddings.position_ids")) { // a buffer (arange), not a parameter
      p.create(BERT + "embeddings.position_ids", Init.zeros(), 1, c.maxPositions()).close();
    }
    for (String proj : new String[] {"blip.vision_proj", "blip.text_proj"}) { // BLIP's contrastive heads: unused
      if (p.has(proj + ".weight")) {
        long[] s = p.shape(proj + ".weight");
        p.create(proj + ".weight", Init.zeros(), s).close();
        p.create(proj + ".bias", Init.zeros(), s[0]).close();
      }
    }
  }

  /** Loads the checkpoint into a manager of its own under {@code parent} (closed by {@link #close}). */
  public static ImageReward load(Path file, NDManager parent) throws IOException {
    try (PthFile pth = PthFile.open(file)) {
      return load(NamedTensors.of(pth), parent);
    }
  }

  /** As {@link #load(Path, NDManager)}, from any named tensors (a shapes-only source checks a key list). */
  public static ImageReward load(NamedTensors tensors, NDManager parent) throws IOException {
    NDManager m = parent.newSubManager();
    try {
      return StrictParams.load(tensors, m, p -> new ImageReward(m, p, config(p)));
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** The sizes, read from the checkpoint's shapes. */
  static Config config(StrictParams p) throws CorruptWeightsException {
    if (!p.has(VIT + "cls_token") || !p.has(BERT + "embeddings.word_embeddings.weight")) {
      throw new CorruptWeightsException(p.where() + ": no '" + VIT + "cls_token' or '" + BERT
          + "embeddings.word_embeddings.weight': this is not an ImageReward checkpoint (the official one is ImageReward.pt, https://huggingface.co/THUDM/ImageReward)");
    }
    int width = (int) p.shape(VIT + "cls_token")[2];
    long[] proj = p.shape(VIT + "patch_embed.proj.weight"); // (E, 3, P, P)
    long positions = p.shape(VIT + "pos_embed")[1] - 1;
    int grid = (int) Math.round(Math.sqrt(positions));
    if ((long) grid * grid != positions || proj[2] != proj[3] || width % HEAD_SIZE != 0) {
      throw new CorruptWeightsException(p.where() + ": not a BLIP ViT layout (pos_embed holds " + positions + " patch positions, patch "
          + proj[2] + "×" + proj[3] + ", width " + width + "; expected a square grid, square patches, width a multiple of " + HEAD_SIZE + ")");
    }
    int depth = count(p, VIT + "blocks.", ".norm1.weight");
    int hidden = (int) p.shape(VIT + "blocks.0.mlp.fc1.weight")[0];
    // BLIP feeds the ViT's own grid (no resize; the release's input is 224 px = its grid · 16)
    VitConfig vision = new VitConfig(width, depth, width / HEAD_SIZE, (int) proj[2], 0, grid, hidden, false, Resize.Mode.BICUBIC);
    long[] words = p.shape(BERT + "embeddings.word_embeddings.weight"); // (V, C)
    int textWidth = (int) words[1];
    if (textWidth % HEAD_SIZE != 0) {
      throw new CorruptWeightsException(p.where() + ": text width " + textWidth + " is not a multiple of " + HEAD_SIZE);
    }
    int textDepth = count(p, BERT + "encoder.layer.", ".attention.self.query.weight");
    int textHidden = (int) p.shape(BERT + "encoder.layer.0.intermediate.dense.weight")[0];
    int maxPositions = (int) p.shape(BERT + "embeddings.position_embeddings.weight")[0];
    return new Config(vision, textWidth, textDepth, textWidth / HEAD_SIZE, textHidden, (int) words[0], maxPositions);
  }

  private static int count(StrictParams p, String prefix, String suffix) throws CorruptWeightsException {
    int n = 0;
    while (p.has(prefix + n + suffix)) {
      n++;
    }
    if (n == 0) {
      throw new CorruptWeightsException(p.where() + ": missing tensor '" + prefix + 0 + suffix + "'; is this the right file for this model?");
    }
    return n;
  }

  public Config config() {
    return config;
  }

  /** pixels (B, 3, H, W) at the ViT's size → image tokens (B, N, E), class token first. */
  public NDArray imageEmbeds(NDArray pixels) {
    return vit.forward(pixels);
  }

  /**
   * Token ids (B, L) and attention mask (B, L) (1 for tokens, 0 for padding; any integer or real type),
   * image tokens (B, N, E) → the text tower's [CLS] state (B, C).
   */
  public NDArray textCls(NDArray inputIds, NDArray attentionMask, NDArray imageEmbeds) {
    NDManager m = inputIds.getManager();
    Shape s = inputIds.getShape();
    long b = s.get(0), l = s.get(1);
    if (l > config.maxPositions()) {
      throw new IllegalArgumentException(l + " tokens, but the text tower has " + config.maxPositions() + " positions");
    }
    NDArray flat = inputIds.toType(DataType.INT64, false).reshape(b * l);
    NDArray words = wordEmbeddings.get(new NDIndex("{}", flat)); // (B·L, C), in the model's manager
    words.attach(m);
    NDArray positions = positionEmbeddings.get(new NDIndex(":{}", l)); // (L, C)
    positions.attach(m);
    NDArray x = embeddingNorm.forward(words.reshape(b, l, config.textWidth()).add(positions)); // (B, L, C)
    float[] keep = attentionMask.toType(DataType.FLOAT32, false).toFloatArray();
    float[] additive = new float[keep.length];
    for (int i = 0; i < keep.length; i++) {
      additive[i] = (1 - keep[i]) * MASKED;
    }
    NDArray mask = m.create(additive, new Shape(b, 1, 1, l)); // (B, 1, 1, L)
    x = LayerByLayer.apply(x, layers, (layer, h) -> layer.forward(h, mask, imageEmbeds, null)); // (B, L, C); every image token is attended to
    return x.get(new NDIndex(":, 0")); // (B, C)
  }

  /** The head on the [CLS] state (B, C) → the raw reward (B, 1). */
  public NDArray head(NDArray cls) {
    NDArray r = cls;
    for (Linear layer : head) {
      r = layer.forward(r);
    }
    return r;
  }

  /** The raw reward (B, 1) → the published score (r − mean) / std. */
  public static NDArray normalise(NDArray raw) {
    return Scalars.div(raw.sub(MEAN), STD); // no grad: inference only
  }

  /** pixels (B, 3, H, W), token ids and mask (B, L) → the normalised reward (B). */
  public NDArray score(NDArray pixels, NDArray inputIds, NDArray attentionMask) {
    NDArray image = imageEmbeds(pixels); // (B, N, E)
    if (inputIds.getShape().get(0) != image.getShape().get(0)) {
      inputIds = inputIds.broadcast(image.getShape().get(0), inputIds.getShape().get(1)); // one prompt for every image
      attentionMask = attentionMask.broadcast(inputIds.getShape());
    }
    return normalise(head(textCls(inputIds, attentionMask, image))).reshape(-1); // (B)
  }

  @Override
  public void close() {
    manager.close();
  }
}
