package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.ttsvar.search.Paths;
import org.ttsvar.search.StreamIds;
import org.ttsvar.tensor.Engines;
import org.ttsvar.world.RgbImage;

/**
 * P candidate paths of one prompt on Infinity, advanced one scale at a time: the search's {@link Paths}.
 * Per path it keeps the KV caches of both guidance rows (in the {@link InfinityTransformer.Run}), the summed
 * codes, the next scale's input and an RNG stream; {@link #select} gathers all of them. Bits of scale k
 * come from the path's own stream ({@link Sampling#draw}), so a path does not depend on the rest of the
 * batch and replays alone from its recorded streams.
 *
 * <p>Dimensions: P paths, L tokens of a scale, d code bits, H×W the last scale's grid.
 */
public final class InfinityPaths implements Paths {
  private final InfinityTransformer.Run run;
  private final BsqVaeDecoder vae;
  private final Schedules.Schedule schedule;
  private final Sampling sampling;
  private final NDManager manager;
  private final SummedCodes summed;
  private NDArray nextInput; // (P, L, d) input of the next scale; null before scale 1
  private long[] streams;
  private int scalesDone;

  private InfinityPaths(InfinityTransformer.Run run, BsqVaeDecoder vae, Schedules.Schedule schedule, Sampling sampling, NDManager manager, SummedCodes summed, long[] streams) {
    this.run = run;
    this.vae = vae;
    this.schedule = schedule;
    this.sampling = sampling;
    this.manager = manager;
    this.summed = summed;
    this.streams = streams;
  }

  /**
   * Starts one path per stream for the prompt whose text encoder states are {@code text} (T, Ct).
   */
  public static InfinityPaths start(InfinityTransformer model, BsqVaeDecoder vae, float[] text, long[] shape, Schedules.Schedule schedule, Sampling sampling, long[] streams) {
    if (streams.length < 1) {
      throw new IllegalArgumentException("need at least one path");
    }
    Engines.inferenceMode();
    NDManager manager = NDManager.newBaseManager();
    try {
      NDArray features = manager.create(text, new Shape(shape)); // (T, Ct)
      InfinityTransformer.Run run = model.start(features, schedule, streams.length);
      int[] last = schedule.last();
      SummedCodes summed = new SummedCodes(manager, streams.length, model.codeDim(), last[0], last[1]);
      return new InfinityPaths(run, vae, schedule, sampling, manager, summed, streams.clone());
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  @Override
  public int size() {
    return streams.length;
  }

  @Override
  public int scalesDone() {
    return scalesDone;
  }

  public int numScales() {
    return schedule.scales().size();
  }

  @Override
  public void step() {
    try (NDScope scope = new NDScope()) {
      NDArray logits = run.step(nextInput); // (2P, L, d, 2)
      NDArray probOne = sampling.probabilityOfOne(logits); // (P, L, d)
      float[] bits = sampling.draw(probOne.toFloatArray(), streams, scalesDone);
      advance(manager.create(bits, probOne.getShape()));
    }
  }

  /**
   * Feeds the next scale with given bits instead of sampled ones (teacher forcing) and returns that scale's
   * guided logits cfg·c + (1 − cfg)·u before τ, (P, L, d, 2) (what the reference's goldens record); the
   * caller closes them.
   *
   * @param bits (P, L, d) of 0/1 for the scale about to be fed
   */
  public NDArray stepForced(NDArray bits) {
    int[] hw = schedule.scales().get(scalesDone);
    Shape want = new Shape(size(), (long) hw[0] * hw[1], run.codeDim());
    if (!bits.getShape().equals(want)) {
      throw new IllegalArgumentException("forced bits of scale " + scalesDone + " must have shape " + want + ", got " + bits.getShape());
    }
    try (NDScope scope = new NDScope()) {
      NDArray guided = InfinityTransformer.guide(run.step(nextInput), (float) sampling.cfg()); // (P, L, d, 2)
      advance(bits.toType(DataType.FLOAT32, false));
      NDScope.unregister(guided);
      return guided;
    }
  }

  /** Adds this scale's bits (P, L, d) to the sum and prepares the next scale's input. */
  private void advance(NDArray bits) {
    int[] hw = schedule.scales().get(scalesDone);
    summed.add(bits, hw[0], hw[1]);
    scalesDone++;
    NDArray next = null;
    if (scalesDone < numScales()) {
      int[] n = schedule.scales().get(scalesDone);
      next = summed.nextInput(n[0], n[1]); // (P, L', d)
      NDScope.unregister(next);
    }
    replaceNextInput(next);
  }

  private void replaceNextInput(NDArray next) {
    if (nextInput != null) {
      nextInput.close();
    }
    nextInput = next;
  }

  /** Keeps the given rows in order (repeats allowed); streams follow {@link StreamIds#afterSelection}. */
  @Override
  public void select(int[] rows) {
    if (rows.length < 1) {
      throw new IllegalArgumentException("select needs at least one row");
    }
    for (int r : rows) {
      if (r < 0 || r >= size()) {
        throw new IllegalArgumentException("row " + r + " out of range 0.." + (size() - 1));
      }
    }
    long[] newStreams = StreamIds.afterSelection(streams, rows, scalesDone);
    run.select(rows);
    summed.select(rows);
    if (nextInput != null) {
      try (NDScope scope = new NDScope()) {
        NDArray next = nextInput.get(new NDIndex("{}", manager.create(Arrays.stream(rows).asLongStream().toArray())));
        NDScope.unregister(next);
        replaceNextInput(next);
      }
    }
    streams = newStreams;
  }

  /**
   * Partial images of the given rows, decoded one at a time (a decode must not depend on its batch) and
   * converted as the reference does: {@code ((x + 1) / 2 · 255)} truncated to uint8, RGB.
   */
  @Override
  public List<RgbImage> decode(int[] rows) {
    if (scalesDone == 0) {
      throw new IllegalStateException("nothing to decode before the first scale");
    }
    RgbImage[] out = new RgbImage[rows.length];
    try (NDScope scope = new NDScope()) {
      for (int i = 0; i < rows.length; i++) {
        NDArray z = summed.summed().get(rows[i] + ":" + (rows[i] + 1)); // (1, d, H, W)
        try (NDArray image = vae.decode(z)) { // (1, 3, H', W'), outside this scope
          out[i] = toImage(image.get(0));
        }
      }
    }
    return List.of(out);
  }

  /** (3, H, W) in [−1, 1] → uint8 RGB by truncation, as {@code (img + 1) / 2 · 255 → torch.uint8}. */
  static RgbImage toImage(NDArray image) {
    Shape s = image.getShape();
    byte[] hwc = image.add(1f).div(2f).mul(255f).transpose(1, 2, 0).toType(DataType.UINT8, false).toByteArray(); // (H, W, 3); no grad: inference only
    return new RgbImage((int) s.get(2), (int) s.get(1), hwc);
  }

  /** Each path's summed codes (d·H·W, flattened): the {@code latent} feature. */
  @Override
  public float[][] codeMaps() {
    if (scalesDone == 0) {
      throw new IllegalStateException("no codes before the first scale");
    }
    float[] all = summed.summed().toFloatArray();
    int per = all.length / size();
    float[][] out = new float[size()][];
    for (int i = 0; i < size(); i++) {
      out[i] = Arrays.copyOfRange(all, i * per, (i + 1) * per);
    }
    return out;
  }

  @Override
  public long[] streams() {
    return streams.clone();
  }

  @Override
  public void setStreams(long[] newStreams) {
    if (newStreams.length != streams.length) {
      throw new IllegalArgumentException("need " + streams.length + " streams, got " + newStreams.length);
    }
    streams = newStreams.clone();
  }

  /** KV caches (both guidance rows), summed codes and next input, float32. */
  @Override
  public long stateBytes() {
    long b = run.cacheBytes() + summed.summed().getShape().size() * 4;
    return nextInput == null ? b : b + nextInput.getShape().size() * 4;
  }

  @Override
  public void close() {
    replaceNextInput(null);
    summed.close();
    run.close();
    manager.close();
  }
}
