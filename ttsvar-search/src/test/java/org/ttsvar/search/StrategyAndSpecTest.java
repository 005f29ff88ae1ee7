package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ttsvar.search.testing.FakeGenerator;

/** Each strategy's behaviour is defined once, and a {@link SearchSpec} resolves and builds through it. */
class StrategyAndSpecTest {
  private static final SearchDefaults FOUR_SCALES = new SearchDefaults(List.of(4, 2, 1, 1), List.of(1), List.of(2), Potential.MAX, 3.0, "latent");

  /** Records which registry names a spec asked for. */
  private static final class Registry implements SearchModels {
    final List<String> asked = new ArrayList<>();

    @Override
    public PathGenerator generator() {
      return new FakeGenerator(4);
    }

    @Override
    public SearchDefaults searchDefaults() {
      return FOUR_SCALES;
    }

    @Override
    public Reward reward(String name) {
      asked.add("reward " + name);
      return FakeGenerator.REWARD;
    }

    @Override
    public FeatureExtractor extractor(String name) {
      asked.add("extractor " + name);
      return FakeGenerator.LATENT;
    }

    @Override
    public String defaultReward() {
      return "ir";
    }
  }

  @Test
  void rawHasOneBudgetAndRefusesAnotherInsteadOfChangingIt() {
    assertThat(Strategy.RAW.budget(null)).isEqualTo(1);
    assertThat(Strategy.RAW.budget(1)).isEqualTo(1);
    assertThatThrownBy(() -> Strategy.RAW.budget(4)).isInstanceOf(SearchSettingException.class).hasMessageContaining("raw sampling generates one path");
    assertThat(Strategy.TTSVAR.budget(null)).isEqualTo(Strategy.DEFAULT_BUDGET);
    assertThatThrownBy(() -> Strategy.BON.budget(0))
        .isInstanceOfSatisfying(SearchSettingException.class, e -> assertThat(e.setting()).isEqualTo(SearchSetting.BUDGET));
  }

  @Test
  void strategiesSayWhatTheyNeed() {
    for (Strategy s : Strategy.values()) {
      assertThat(s.usesReward()).as(s.id()).isEqualTo(s != Strategy.RAW);
      assertThat(s.clusters()).as(s.id()).isEqualTo(s == Strategy.TTSVAR || s == Strategy.CLUSTER_ONLY);
      assertThat(Strategy.parse(s.id())).isEqualTo(s);
    }
    assertThat(Strategy.RANDOM_DROP.atClusterScales()).isEqualTo(Decision.RANDOM_DROP);
    assertThat(Strategy.BON.potential(Potential.SUM)).isEqualTo(Potential.VALUE);
    assertThat(Strategy.TTSVAR.potential(Potential.SUM)).isEqualTo(Potential.SUM);
  }

  @Test
  void aSpecTakesTheModelsDefaultsUnlessOverridden() {
    SearchConfig c = SearchSpec.of(Strategy.TTSVAR, 2).resolve(FOUR_SCALES, 4);
    assertThat(c.schedule().batchAfter()).containsExactly(8, 4, 2, 2);
    assertThat(c.potential()).isEqualTo(Potential.MAX);
    assertThat(c.lambda()).isEqualTo(3.0);
    SearchConfig o = SearchSpec.of(Strategy.TTSVAR, 2).withPotential(Potential.VALUE).withLambda(1.0).withBatchSchedule(List.of(4, 2, 2, 2)).withResampleScales(List.of()).resolve(FOUR_SCALES, 4);
    assertThat(o.potential()).isEqualTo(Potential.VALUE);
    assertThat(o.lambda()).isEqualTo(1.0);
    assertThat(o.schedule().resampleScales()).isEmpty();
    assertThat(o.schedule().batchAfter()).containsExactly(8, 4, 4, 4);
    assertThat(SearchSpec.of(Strategy.TTSVAR, 4).withLambda(1.0).withReward("clip").name()).isEqualTo("ttsvar-n4-lam1-rclip");
    assertThat(SearchSpec.of(Strategy.RAW, null).name()).isEqualTo("raw-n1");
  }

  @Test
  void buildAsksTheRegistryOnlyForWhatTheStrategyUses() {
    Registry raw = new Registry();
    SearchSpec.of(Strategy.RAW, null).build(raw);
    assertThat(raw.asked).isEmpty();
    Registry bon = new Registry();
    SearchSpec.of(Strategy.BON, 2).withReward("clip").build(bon);
    assertThat(bon.asked).containsExactly("reward clip");
    Registry tts = new Registry();
    SearchResult r = SearchSpec.of(Strategy.TTSVAR, 1).build(tts).generate("a photo of a circle", 0);
    assertThat(tts.asked).containsExactly("reward ir", "extractor latent");
    assertThat(r.trace().get(1).decision()).isEqualTo(Decision.CLUSTER);
    assertThat(r.trace().get(3).decision()).isEqualTo(Decision.FINAL);
  }

  @Test
  void aSearchWithoutThePartsItNeedsIsRefusedNamingThePart() {
    SearchConfig c = SearchSpec.of(Strategy.TTSVAR, 1).resolve(FOUR_SCALES, 4);
    assertThatThrownBy(() -> TtsVar.of(new FakeGenerator(4), null, FakeGenerator.LATENT, c))
        .isInstanceOfSatisfying(SearchSettingException.class, e -> assertThat(e.setting()).isEqualTo(SearchSetting.REWARD));
    assertThatThrownBy(() -> TtsVar.of(new FakeGenerator(4), FakeGenerator.REWARD, null, c))
        .isInstanceOfSatisfying(SearchSettingException.class, e -> assertThat(e.setting()).isEqualTo(SearchSetting.EXTRACTOR));
  }
}
