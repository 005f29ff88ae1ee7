package org.ttsvar.models.embedded.value;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.ttsvar.models.embedded.data.TextVocabulary;
import org.ttsvar.models.embedded.reward.RewardConfig;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.models.train.TrainingLoop;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Seeds;

/**
 * Trains the value head on {@link Rollouts}: a batch is {@link #GROUPS} prompts × {@link #GROUP}
 * of their paths, all taken after one random scale per prompt, and the loss is
 *
 * <pre>
 * mean((v − r)²)                                   regression on the final image's reward r
 * + mean over pairs of one prompt with r_a > r_b of softplus(−(v_a − v_b))   ranking within a prompt
 * </pre>
 *
 * The ranking term is what the search uses (it compares paths of one prompt); the regression keeps
 * the values on the reward's standardized scale, so the potentials and λ mean what they mean for the
 * reward. The model starts from the reward's text, fusion and head layers (a new latent tower in
 * place of its image tower). The last {@link #HELD_OUT_SHARE} of the prompts are held out.
 */
public final class ValueTrainer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  public static final TrainSettings DEFAULT_SETTINGS = new TrainSettings(3000, 32, 3e-4, 1e-5, 100, 0.05, 1.0, 250, 50, 5);
  /** Paths of one prompt in a batch. */
  public static final int GROUP = 4;
  /** Prompts per batch of 32. */
  public static final int GROUPS = 8;
  public static final double HELD_OUT_SHARE = 0.1;

  private ValueTrainer() {}

  /** The prompts trained on: all but the held-out tail. */
  public static int trainingPrompts(int total) {
    return total - heldOut(total);
  }

  public static int heldOut(int total) {
    return (int) Math.ceil(total * HELD_OUT_SHARE);
  }

  /**
   * @param reward the reward whose text, fusion and head layers the head starts from (its folder's weights)
   * @param rewardId how the run description names that reward
   */
  public static RewardModel train(
      RewardModel reward, Path rewardWeights, String rewardId, List<Rollouts.PromptRollouts> data, int bits, TrainSettings s, RunRequest run, PrintStream err)
      throws IOException {
    if (s.batchSize() != GROUP * GROUPS) {
      throw new BadInputException("the value head trains on batches of " + GROUPS + " prompts × " + GROUP + " paths = " + GROUP * GROUPS + "; got batch " + s.batchSize());
    }
    if (data.size() < 10 || data.get(0).paths() < GROUP) {
      throw new BadInputException("the value head needs at least 10 prompts of ≥ " + GROUP + " paths each; collect more rollouts");
    }
    RewardConfig config = reward.config().withLatentInput(bits, data.get(0).scales());
    int dims = data.get(0).codes()[0][0].length;
    if (dims != bits * config.gridSize() * config.gridSize()) {
      throw new BadInputException("the rollouts' code maps hold " + dims + " values, but the reward's patch grid is " + config.gridSize() + "×" + config.gridSize()
          + " with " + bits + " bits (" + bits * config.gridSize() * config.gridSize() + "); use a reward whose grid is the generator's latent grid");
    }
    NDManager manager = NDManager.newBaseManager();
    RewardModel model = new RewardModel(config, manager, s.seed());
    model.params().closeAlso(manager);
    try {
      Map<String, org.ttsvar.tensor.TensorData> init = SafeTensors.readAllParameters(rewardWeights).entrySet().stream()
          .filter(e -> !e.getKey().startsWith("image."))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
      List<String> fresh = model.params().loadGrowing(init, rewardWeights.toString());
      err.println("value: starting from " + rewardId + "; new parameters: " + String.join(", ", fresh));
      ObjectNode desc = MAPPER.createObjectNode();
      desc.put("model", "value");
      desc.set("config", MAPPER.valueToTree(config));
      desc.put("init", rewardId + " (all but the image tower)");
      desc.put("data", data.size() + " prompts of rollouts (" + trainingPrompts(data.size()) + " trained on), targets: the reward of each final image");
      TrainingLoop.train("value", model.params(), s, desc, run, new Step(model, data.subList(0, trainingPrompts(data.size())), s.seed(), manager), err);
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
    return model;
  }

  /** One batch and its loss. */
  private static final class Step implements TrainingLoop.Step {
    private final RewardModel model;
    private final List<Rollouts.PromptRollouts> data;
    private final long seed;
    private final NDManager manager;
    private final TextVocabulary vocab;

    Step(RewardModel model, List<Rollouts.PromptRollouts> data, long seed, NDManager manager) {
      this.model = model;
      this.data = data;
      this.seed = seed;
      this.manager = manager;
      this.vocab = new TextVocabulary(model.config().vocabulary(), model.config().maxWords());
    }

    @Override
    public TrainingLoop.Loss run(long step) {
      SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, step));
      RewardConfig.LatentInput in = model.config().latent();
      int g = model.config().gridSize();
      int per = in.channels() * g * g;
      int b = GROUPS * GROUP, t = model.config().maxWords();
      float[] codes = new float[b * per];
      long[] scales = new long[b];
      long[] words = new long[b * t];
      float[] targets = new float[b];
      for (int q = 0; q < GROUPS; q++) {
        Rollouts.PromptRollouts r = data.get(rng.nextInt(data.size()));
        int k = rng.nextInt(r.scales()); // every scale: a search may score after any of them (importance sampling from the first)
        int[] ids = vocab.encode(r.prompt());
        int[] paths = distinct(rng, r.paths(), GROUP);
        for (int j = 0; j < GROUP; j++) {
          int row = q * GROUP + j;
          System.arraycopy(r.codes()[paths[j]][k], 0, codes, row * per, per);
          scales[row] = k;
          targets[row] = r.rewards()[paths[j]];
          for (int w = 0; w < ids.length; w++) {
            words[row * t + w] = ids[w];
          }
        }
      }
      NDArray v = model.valueLogits(manager.create(codes, new Shape(b, in.channels(), g, g)), manager.create(scales), manager.create(words, new Shape(b, t)));
      NDArray target = manager.create(targets);
      NDArray mse = v.sub(target).square().mean();
      NDArray vg = v.reshape(GROUPS, GROUP);
      NDArray diff = vg.expandDims(2).sub(vg.expandDims(1)); // (groups, a, b): v_a − v_b
      NDArray tg = target.reshape(GROUPS, GROUP);
      NDArray better = tg.expandDims(2).gt(tg.expandDims(1)).toType(DataType.FLOAT32, false); // no grad: a constant mask of r_a > r_b
      NDArray pairs = better.sum().maximum(1f); // no grad: a count
      NDArray rank = Activation.softPlus(diff.neg()).mul(better).sum().div(pairs);
      NDArray correct = diff.gt(0f).toType(DataType.FLOAT32, false).mul(better).sum().div(pairs); // no grad: a metric
      Map<String, NDArray> metrics = new LinkedHashMap<>();
      metrics.put("mse", mse);
      metrics.put("pair_accuracy", correct);
      return new TrainingLoop.Loss(mse.add(rank), metrics);
    }

    private static int[] distinct(SplittableRandom rng, int n, int k) {
      int[] idx = new int[n];
      for (int i = 0; i < n; i++) {
        idx[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = i + rng.nextInt(n - i);
        int tmp = idx[i];
        idx[i] = idx[j];
        idx[j] = tmp;
      }
      return java.util.Arrays.copyOf(idx, k);
    }
  }
}
