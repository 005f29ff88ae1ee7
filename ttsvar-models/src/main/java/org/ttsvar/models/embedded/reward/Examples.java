package org.ttsvar.models.embedded.reward;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.ttsvar.world.Degradations;
import org.ttsvar.world.Malformations;
import org.ttsvar.world.Perturbations;
import org.ttsvar.world.PromptSetGenerator;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.Scene;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.Task;

/**
 * The reward's training examples: example i of step t is drawn from its own seeded stream, so a
 * resumed run sees the same data. The order of the draws is the data stream: a new kind of draw
 * goes last and only when its share is on, so that older mixes keep their streams.
 */
final class Examples {
  private Examples() {}

  /** The plain stream. */
  static Example draw(long seed, long step, int i, int numScales) {
    return draw(seed, step, i, numScales, DataMix.PLAIN);
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
  static Example draw(long seed, long step, int i, int numScales, DataMix mix) {
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, step, i));
    Task task = Task.values()[rng.nextInt(Task.values().length)];
    if (mix.focus() != null && rng.nextDouble() < mix.focusShare()) {
      task = mix.focus();
    }
    PromptSpec spec = PromptSetGenerator.draw(task, rng);
    Scene scene = new SceneSampler().sample(spec, rng.nextLong());
    RgbImage img = Renderer.render(scene);
    ImageVariant variant = ImageVariant.of(rng.nextDouble());
    UnaryOperator<RgbImage> degrade = UnaryOperator.identity();
    if (variant == ImageVariant.DEGRADED) {
      degrade = degradation(rng);
      img = degrade.apply(img);
    }
    int partial = 1 + rng.nextInt(numScales - 2); // scales 1..K−2 (0 is a single flat colour)
    PromptSpec wrong = mix.hardNegatives() > 0 && rng.nextDouble() < mix.hardNegatives()
        ? Perturbations.apply(spec, hardKind(task), rng)
        : Perturbations.random(spec, rng).spec();
    // drawn last, and only when asked for, so that a mix without malformed negatives keeps its stream
    if (mix.malformed() > 0 && variant.showsShapes() && rng.nextDouble() < mix.malformed()) {
      RgbImage malformed = degrade.apply(Malformations.render(scene, Malformations.draw(scene, rng)));
      return new Example(scene, img, variant, partial, spec, spec, task, malformed, null);
    }
    if (mix.codeDamaged() > 0 && variant == ImageVariant.RECONSTRUCTION && rng.nextDouble() < mix.codeDamaged()) {
      return new Example(scene, img, variant, partial, spec, spec, task, null, CodeDamage.draw(scene, numScales, rng));
    }
    return new Example(scene, img, variant, partial, spec, wrong, task);
  }

  /** One of three degradations with its parameters drawn now: blur, noise, or 2× down and up. */
  private static UnaryOperator<RgbImage> degradation(SplittableRandom rng) {
    return switch (rng.nextInt(3)) {
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
  }
}
