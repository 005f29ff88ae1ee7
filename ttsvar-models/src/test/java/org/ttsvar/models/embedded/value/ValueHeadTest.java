package org.ttsvar.models.embedded.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.embedded.reward.LearnedReward;
import org.ttsvar.models.embedded.reward.RewardConfig;
import org.ttsvar.models.embedded.reward.RewardModel;
import org.ttsvar.models.train.RunRequest;
import org.ttsvar.models.train.TrainSettings;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.LatentPcaFeatures;
import org.ttsvar.search.Potential;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchConfig;
import org.ttsvar.search.SearchEngine;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.Strategy;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Grammar;

/** Rollouts, the value head's training and its use by the search, on tiny random-weight models. */
class ValueHeadTest {
  static NDManager manager;
  static TextToImage t2i;
  static RewardModel rewardModel;
  static LearnedReward reward;
  static final List<String> PROMPTS = RolloutCollector.trainingPrompts(12, 1);

  @BeforeAll
  static void load() {
    manager = NDManager.newBaseManager();
    org.ttsvar.models.embedded.tokenizer.Tokenizer tokenizer = new org.ttsvar.models.embedded.tokenizer.Tokenizer(org.ttsvar.models.embedded.tokenizer.TokenizerConfig.TINY, manager, 1);
    org.ttsvar.models.embedded.var.VarConfig vc = new org.ttsvar.models.embedded.var.VarConfig(32, 2, 2, 2, 1, 12, Grammar.vocabulary(), 8, List.of(1, 2, 4), 0.1);
    t2i = TextToImage.of(tokenizer, new org.ttsvar.models.embedded.var.VarModel(vc, manager, 2), new org.ttsvar.models.embedded.var.SamplingConfig(2.0, 1.0, 0.97));
    rewardModel = new RewardModel(new RewardConfig("cross", 16, List.of(8, 16), 1, 1, 2, 12, Grammar.vocabulary(), true), manager, 3);
    reward = new LearnedReward("ir", rewardModel);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void rolloutsRoundTripAndAKilledCollectionResumesToTheSameFile(@TempDir Path dir) throws IOException {
    Path whole = dir.resolve("whole.bin"), killed = dir.resolve("killed.bin");
    RolloutCollector.collect(t2i, reward, PROMPTS.subList(0, 3), 2, 7, whole, org.ttsvar.models.train.TrainingProgress.SILENT);
    List<Rollouts.PromptRollouts> read = Rollouts.read(whole);
    assertThat(read).hasSize(3);
    assertThat(read.get(1).prompt()).isEqualTo(PROMPTS.get(1));
    assertThat(read.get(1).scales()).isEqualTo(3);
    assertThat(read.get(1).codes()[1][2]).hasSize(8 * 4 * 4);
    // targets are the reward of each final image
    double[] finals = reward.score(PROMPTS.get(0), ValueEvaluation.decode(t2i.tokenizer(), new float[][] {read.get(0).codes()[0][2], read.get(0).codes()[1][2]}));
    assertThat(read.get(0).rewards()[0]).isEqualTo((float) finals[0]);
    assertThat(read.get(0).rewards()[1]).isEqualTo((float) finals[1]);

    // a run killed in the middle of its third record: the torn record is cut and collected again
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(killed, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThat(Rollouts.read(killed)).hasSize(2);
    RolloutCollector.collect(t2i, reward, PROMPTS.subList(0, 3), 2, 7, killed, org.ttsvar.models.train.TrainingProgress.SILENT);
    assertThat(Files.readAllBytes(killed)).isEqualTo(bytes);
  }

  @Test
  void aRolloutsFileOfOtherPromptsIsRefused(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("r.bin");
    RolloutCollector.collect(t2i, reward, PROMPTS.subList(0, 1), 2, 7, f, org.ttsvar.models.train.TrainingProgress.SILENT);
    assertThatThrownBy(() -> RolloutCollector.collect(t2i, reward, PROMPTS.subList(1, 2), 2, 7, f, org.ttsvar.models.train.TrainingProgress.SILENT))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("other prompts");
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.position(0).write(java.nio.ByteBuffer.wrap(new byte[] {0, 3, 'a', 'b', 'c', 0x7f, 0x7f, 0x7f, 0x7f}));
    }
    assertThatThrownBy(() -> Rollouts.read(f)).isInstanceOf(BadInputException.class).hasMessageContaining("not a rollouts file");
  }

  @Test
  void trainingExportAndTheSearchWithTheValueHead(@TempDir Path dir) throws IOException {
    Path data = dir.resolve("r.bin");
    RolloutCollector.collect(t2i, reward, PROMPTS, 4, 3, data, org.ttsvar.models.train.TrainingProgress.SILENT);
    Path rewardWeights = dir.resolve("reward.safetensors");
    rewardModel.params().save(rewardWeights, Map.of());
    TrainSettings s = new TrainSettings(12, 32, 1e-3, 1e-4, 2, 0.0, 1.0, 6, 6, 4);
    Path export = dir.resolve("value");
    try (RewardModel trained = ValueTrainer.train(rewardModel, rewardWeights, "tiny", Rollouts.read(data), 8, s, new RunRequest(dir.resolve("run"), false, null, null), System.err)) {
      assertThat(trained.config().latent()).isEqualTo(new RewardConfig.LatentInput(8, 3));
      // the text layers start from the reward's weights, the latent tower is new
      assertThat(Files.readString(dir.resolve("run/log.jsonl"))).contains("\"pair_accuracy\"");
      ModelFiles.save(export, trained.config(), trained.params(), Map.of());
    }
    try (NDManager m = NDManager.newBaseManager(); ValueHead head = ValueHead.load(export, m)) {
      double[] v = head.score(PROMPTS.get(0), Rollouts.read(data).get(0).codes()[0], 1);
      assertThat(v).hasSize(3);
      assertThat(java.util.Arrays.stream(v).allMatch(Double::isFinite)).isTrue();
      // one search: clustering on latent-pca, resampling by the value head; only the final scale is decoded
      SearchConfig c = SearchConfig.of(Strategy.TTSVAR, 2, List.of(4, 2, 2), List.of(1), List.of(0), Potential.VALUE, 1, 3);
      FeatureExtractor x = new LatentPcaFeatures(8);
      SearchEngine e = new SearchEngine(new org.ttsvar.models.embedded.var.VarPathGenerator(t2i.var(), t2i.tokenizer(), t2i.sampling()), reward, x, head);
      SearchResult r = e.run(PROMPTS.get(2), 5, c);
      assertThat(r.trace().stream().filter(t -> t.images() != null).map(ScaleTrace::scale).toList()).containsExactly(2);
      assertThat(r.trace().get(0).rewards()).hasSize(8);
      assertThat(r.trace().get(0).potentials()).containsExactly(r.trace().get(0).rewards());
      assertThat(r.stats().decodes()).isEqualTo(4);
      assertThat(e.run(PROMPTS.get(2), 5, c).best()).isEqualTo(r.best());
    }
    // a reward folder is not a value head
    Path rewardDir = dir.resolve("reward");
    ModelFiles.save(rewardDir, rewardModel.config(), rewardModel.params(), Map.of());
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> ValueHead.load(rewardDir, m)).isInstanceOf(CorruptWeightsException.class).hasMessageContaining("not a value head");
    }
  }
}
