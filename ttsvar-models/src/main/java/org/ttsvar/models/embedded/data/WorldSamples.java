package org.ttsvar.models.embedded.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ttsvar.world.Clause;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.Task;

/**
 * Training samples drawn from the shapes world: a prompt of a random task (drawn as GenEval draws
 * its prompts) with a scene that satisfies it, or a free composition of 0–4 random objects with no
 * prompt. Sample i of batch b depends only on (seed, b, i), so a resumed run sees exactly the data an
 * uninterrupted one would.
 */
public final class WorldSamples {
  /** A rendered training image and, unless it is a free composition, the prompt it satisfies. */
  public record Sample(PromptSpec spec, RgbImage image) {}

  private final long seed;
  private final double freeFraction;
  private final SceneSampler sampler = new SceneSampler();
  private final ShapeFocus focus;

  /**
   * @param freeFraction share of free compositions (no prompt); the rest are prompt scenes of the six tasks in equal shares
   */
  public WorldSamples(long seed, double freeFraction) {
    this(seed, freeFraction, ShapeFocus.NONE);
  }

  /**
   * Draws with a {@link ShapeFocus}: a share of the prompt scenes is redrawn (within its task) until
   * the prompt names one of the focus shapes, so the model sees those shapes more often without
   * changing the tasks' shares. With {@link ShapeFocus#NONE} the stream is exactly that of
   * {@link #WorldSamples(long, double)}.
   */
  public WorldSamples(long seed, double freeFraction, ShapeFocus focus) {
    this.seed = seed;
    this.freeFraction = freeFraction;
    this.focus = focus;
  }

  public Sample sample(long batch, int index) {
    long s = Seeds.derive(seed, batch, index);
    SplittableRandom rng = new SplittableRandom(s);
    if (rng.nextDouble() < freeFraction) {
      return new Sample(null, Renderer.render(sampler.sampleFree(rng.nextLong(), 0, 4)));
    }
    Task task = Task.values()[rng.nextInt(Task.values().length)];
    PromptSpec spec = PromptSetGenerator.draw(task, rng);
    if (focus.isOn() && rng.nextDouble() < focus.share()) {
      while (!namesFocusShape(spec)) {
        spec = PromptSetGenerator.draw(task, rng);
      }
    }
    return new Sample(spec, Renderer.render(sampler.sample(spec, rng.nextLong())));
  }

  private boolean namesFocusShape(PromptSpec spec) {
    for (Clause c : spec.include()) {
      if (focus.shapes().contains(c.shape())) {
        return true;
      }
    }
    return false;
  }

  /** The {@code size} images of batch {@code batch}. */
  public List<RgbImage> images(long batch, int size) {
    List<RgbImage> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      out.add(sample(batch, i).image());
    }
    return out;
  }
}
