package org.ttsvar.models.embedded.var;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.models.nn.KvCache;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Seeds;

/**
 * A batch of candidate paths ("particles") for one prompt, advanced one scale at a time. This is the
 * generation API the search drives: {@link #step()} runs the next scale for every particle,
 * {@link #decode} renders the partial image of any particle, and {@link #select} keeps chosen rows
 * (repeats allowed), gathering every per-particle piece of state: each block's self-attention cache
 * on both guidance halves, the accumulated code map f̂, the next-scale input and the RNG stream.
 * Text-side tensors are computed once at {@link #start}.
 *
 * <p>Each particle draws its bits from its own stream: the bits of scale k come from a generator
 * seeded with (stream, k), so a particle's path does not depend on what else is in the batch, and a
 * chosen path can be replayed alone by giving it the same streams.
 */
public final class Particles implements org.ttsvar.search.Paths {
  private final VarModel model;
  private final Tokenizer tokenizer;
  private final SamplingConfig sampling;
  private final NDManager manager;
  private final VarModel.TextContext text;
  private final List<KvCache> caches = new ArrayList<>();
  private NDArray fHat; // (P, d, h, w) accumulated codes; null before scale 0
  private NDArray nextInput; // (P, d, s_k, s_k) input of the next scale; null before scale 1
  private long[] streams;
  private int scalesDone;

  private Particles(VarModel model, Tokenizer tokenizer, SamplingConfig sampling, NDManager manager, VarModel.TextContext text, long[] streams) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.sampling = sampling;
    this.manager = manager;
    this.text = text;
    this.streams = streams;
    for (int i = 0; i < model.config().depth(); i++) {
      caches.add(new KvCache());
    }
  }

  /**
   * Starts {@code count} particles for a prompt. Particle i's stream is derived from (seed, i).
   *
   * @throws org.ttsvar.world.PromptSyntaxException if the prompt is outside the grammar
   */
  public static Particles start(VarModel model, Tokenizer tokenizer, String prompt, int count, long seed, SamplingConfig sampling) {
    return startWithStreams(model, tokenizer, prompt, org.ttsvar.search.StreamIds.initialStreams(seed, count), sampling);
  }

  /** Starts one particle per given stream (used to replay chosen paths alone). */
  public static Particles startWithStreams(VarModel model, Tokenizer tokenizer, String prompt, long[] streams, SamplingConfig sampling) {
    if (streams.length < 1) {
      throw new IllegalArgumentException("need at least one particle");
    }
    org.ttsvar.tensor.Engines.inferenceMode();
    int[] ids = new TextVocabulary(model.config().vocabulary(), model.config().maxWords()).encode(prompt);
    NDManager manager = model.params().manager().newSubManager();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int t = ids.length;
      long[] words = new long[2 * t];
      for (int i = 0; i < t; i++) {
        words[i] = ids[i];
        words[t + i] = ids[i]; // the unconditional row's words are ignored: it is dropped
      }
      NDArray w = manager.create(words, new Shape(2, t));
      NDArray dropped = manager.create(new boolean[] {false, true});
      VarModel.TextContext text = model.encodeText(w, dropped);
      keep(text.ada(), text.headScaleShift(), text.firstToken());
      text.kv().forEach(kv -> keep(kv.keys(), kv.values(), kv.mask()));
      return new Particles(model, tokenizer, sampling, manager, text, streams.clone());
    }
  }

  private static void keep(NDArray... arrays) {
    NDScope.unregister(arrays);
  }

  @Override
  public int size() {
    return streams.length;
  }

  /** Scales generated so far (0 before the first step). */
  @Override
  public int scalesDone() {
    return scalesDone;
  }

  public int numScales() {
    return model.config().numScales();
  }

  public boolean finished() {
    return scalesDone == numScales();
  }

  @Override
  public long[] streams() {
    return streams.clone();
  }

  /** Replaces the particles' streams (replay of recorded paths). */
  @Override
  public void setStreams(long[] newStreams) {
    if (newStreams.length != streams.length) {
      throw new IllegalArgumentException("need " + streams.length + " streams, got " + newStreams.length);
    }
    streams = newStreams.clone();
  }

  /** Generates the next scale for every particle. */
  @Override
  public void step() {
    step(null);
  }

  /**
   * Runs the next scale with given bits instead of sampled ones (teacher forcing): the model still
   * sees the scale, so the caches are those of a path that drew exactly these bits. Used to let the
   * generator complete a known scene's coarse scales (reward training) and by tests.
   *
   * @param bits (P, d, s, s), 0 or 1 per bit, for the scale about to be generated
   */
  public void stepForced(NDArray bits) {
    int s = model.config().scales().get(scalesDone);
    Shape want = new Shape(size(), model.config().bits(), s, s);
    if (!bits.getShape().equals(want)) {
      throw new IllegalArgumentException("forced bits of scale " + scalesDone + " must have shape " + want + ", got " + bits.getShape());
    }
    step(bits);
  }

  private void step(NDArray forced) {
    if (finished()) {
      throw new IllegalStateException("all " + numScales() + " scales are generated");
    }
    int k = scalesDone;
    int p = size();
    int s = model.config().scales().get(k);
    int d = model.config().bits();
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray inputs = k == 0 ? null : nextInput.transpose(0, 2, 3, 1).reshape(1, p, s * s, d); // (1, P, s², d)
      NDArray x = model.embed(text, inputs, k, k + 1, p); // (2, P, s², C)
      NDArray logits = model.forward(text, x, caches); // (2, P, s², d, 2)
      NDArray bitMap;
      if (forced == null) {
        float cfg = (float) sampling.cfgAt(k, numScales());
        NDArray guided = logits.get(0).mul(cfg).add(logits.get(1).mul(1 - cfg)); // (P, s², d, 2); no grad: sampling
        NDArray probOne = guided.div((float) sampling.temperature()).softmax(-1).get("..., 1"); // (P, s², d); no grad: sampling
        float[] bits = sampleBits(probOne.toFloatArray(), p, s * s * d, k);
        bitMap = manager.create(bits, new Shape(p, s, s, d)).transpose(0, 3, 1, 2); // (P, d, s, s)
      } else {
        bitMap = forced.toType(DataType.FLOAT32, false);
      }
      NDArray newFHat = tokenizer.addScale(fHat, bitMap); // (P, d, h, w)
      NDArray newNext = k + 1 < numScales() ? tokenizer.nextInput(newFHat, k + 1) : null;
      replaceState(newFHat, newNext);
    }
    scalesDone++;
  }

  private float[] sampleBits(float[] probOne, int p, int perParticle, int scale) {
    float[] bits = new float[probOne.length];
    double minority = 1 - sampling.topP();
    for (int i = 0; i < p; i++) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(streams[i], scale));
      for (int j = i * perParticle; j < (i + 1) * perParticle; j++) {
        double one = probOne[j];
        double u = rng.nextDouble(); // drawn for every bit so the stream position never depends on the values
        if (Math.min(one, 1 - one) <= minority) {
          bits[j] = one >= 0.5 ? 1f : 0f;
        } else {
          bits[j] = u < one ? 1f : 0f;
        }
      }
    }
    return bits;
  }

  private void replaceState(NDArray newFHat, NDArray newNext) {
    NDScope.unregister(newFHat);
    if (newNext != null) {
      NDScope.unregister(newNext);
    }
    if (fHat != null) {
      fHat.close();
    }
    if (nextInput != null) {
      nextInput.close();
    }
    fHat = newFHat;
    nextInput = newNext;
  }

  /**
   * Keeps the given particles, in order; rows may repeat. Streams follow {@link
   * org.ttsvar.search.StreamIds#afterSelection}: a row's first occurrence keeps its stream, copies get
   * derived ones and diverge from here on.
   */
  @Override
  public void select(int[] rows) {
    int p = size();
    if (rows.length < 1) {
      throw new IllegalArgumentException("select needs at least one row");
    }
    for (int r : rows) {
      if (r < 0 || r >= p) {
        throw new IllegalArgumentException("row " + r + " out of range 0.." + (p - 1));
      }
    }
    long[] newStreams = org.ttsvar.search.StreamIds.afterSelection(streams, rows, scalesDone);
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      long[] r = Arrays.stream(rows).asLongStream().toArray();
      long[] both = new long[2 * rows.length];
      for (int j = 0; j < rows.length; j++) {
        both[j] = rows[j];
        both[rows.length + j] = p + rows[j]; // the same particle's unconditional row
      }
      NDArray rowIdx = manager.create(r);
      NDArray bothIdx = manager.create(both);
      for (KvCache c : caches) {
        c.select(bothIdx);
      }
      NDArray newFHat = fHat == null ? null : fHat.get(new NDIndex("{}", rowIdx));
      NDArray newNext = nextInput == null ? null : nextInput.get(new NDIndex("{}", rowIdx));
      if (newFHat != null) {
        replaceState(newFHat, newNext);
      }
    }
    streams = newStreams;
  }

  /** Partial images of the given particles after the scales done so far. */
  @Override
  public List<RgbImage> decode(int[] rows) {
    return List.of(decodeArray(rows));
  }

  private RgbImage[] decodeArray(int[] rows) {
    if (fHat == null) {
      throw new IllegalStateException("nothing to decode before the first scale");
    }
    RgbImage[] out = new RgbImage[rows.length];
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      NDArray chosen = fHat.get(new NDIndex("{}", manager.create(Arrays.stream(rows).asLongStream().toArray())));
      // one image at a time: convolution kernels may pick batch-dependent algorithms, and a decode
      // must not depend on which other particles are decoded with it
      for (int i = 0; i < rows.length; i++) {
        NDArray img = tokenizer.decodeImage(chosen.get(new NDIndex(i + ":" + (i + 1))));
        out[i] = ImageBatch.fromArray(img)[0];
      }
    }
    return out;
  }

  public RgbImage[] decodeAll() {
    int[] rows = new int[size()];
    Arrays.setAll(rows, i -> i);
    return decodeArray(rows);
  }

  /** The accumulated code maps f̂, one flattened (d·h·w) vector per particle (the {@code latent} feature). */
  @Override
  public float[][] codeMaps() {
    if (fHat == null) {
      throw new IllegalStateException("no codes before the first scale");
    }
    float[] all = fHat.toFloatArray();
    int per = all.length / size();
    float[][] out = new float[size()][];
    for (int i = 0; i < size(); i++) {
      out[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
    }
    return out;
  }

  /** Bytes of per-particle state held: KV caches, f̂ and the next input (float32). */
  @Override
  public long stateBytes() {
    long b = caches.stream().mapToLong(KvCache::bytes).sum();
    if (fHat != null) {
      b += fHat.getShape().size() * 4;
    }
    if (nextInput != null) {
      b += nextInput.getShape().size() * 4;
    }
    return b;
  }

  static NDArray concat(List<NDArray> parts, int axis) {
    return NDArrays.concat(new NDList(parts), axis);
  }

  static NDArray toFloat(NDArray a) {
    return a.toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    caches.forEach(KvCache::close);
    text.close();
    manager.close();
  }
}
