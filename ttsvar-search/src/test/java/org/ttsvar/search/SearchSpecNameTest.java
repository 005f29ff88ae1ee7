package org.ttsvar.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A search's name reads back as the same search (names always carry the budget), and only canonical names read at all. */
class SearchSpecNameTest {

  @Property(tries = 500)
  void everySpecReadsBackFromItsName(@ForAll("specs") SearchSpec spec) {
    assertThat(SearchSpecName.parse(spec.name())).contains(spec);
  }

  @Test
  void namesWithHyphenatedValuesReadBack() {
    SearchSpec s = SearchSpecName.parse("random-drop-n2-bs6.4.2.1.1.1.1-clusternone-resample3-lam0.5-xlatent-pca-svalue-head-systematic-ess0.5-narrow-0.25-floor0.75").orElseThrow();
    assertThat(s.strategy()).isEqualTo(Strategy.RANDOM_DROP);
    assertThat(s.n()).isEqualTo(2);
    assertThat(s.batchSchedule()).containsExactly(6, 4, 2, 1, 1, 1, 1);
    assertThat(s.clusterScales()).isEmpty();
    assertThat(s.resampleScales()).containsExactly(3);
    assertThat(s.lambda()).isEqualTo(0.5);
    assertThat(s.extractor()).isEqualTo("latent-pca");
    assertThat(s.scorer()).isEqualTo("value-head");
    assertThat(s.resampling()).isEqualTo(Resampling.Method.SYSTEMATIC);
    assertThat(s.essThreshold()).isEqualTo(0.5);
    assertThat(s.narrowAbove()).isEqualTo(-0.25);
    assertThat(s.diversityFloor()).isEqualTo(0.75);
  }

  @Test
  void otherNamesAreNotSearches() {
    for (String name : List.of("", "ttsvar", "ttsvar-n", "fast-n2", "ttsvar-n2-lamfast", "ttsvar-n2-lam1.0", "ttsvar-n2-xpca-bs8.1",
        "ttsvar-n2-cluster1-bs8.1", "ttsvar-n02", "raw-n2", "ttsvar-n2-ess2.0", "ttsvar-n2 ")) {
      assertThat(SearchSpecName.parse(name)).as(name).isEmpty();
    }
  }

  @Provide
  Arbitrary<SearchSpec> specs() {
    Arbitrary<List<Integer>> scales = Arbitraries.integers().between(0, 12).list().ofMaxSize(4).injectNull(0.5);
    Arbitrary<List<Integer>> batches = Arbitraries.integers().between(1, 16).list().ofMinSize(1).ofMaxSize(8).injectNull(0.5);
    Arbitrary<String> names = Arbitraries.of("pca", "latent-pca", "value-head", "ir", "clip-2", "a-b-c").injectNull(0.5);
    Arbitrary<SearchSpec> head = Combinators.combine(
            Arbitraries.of(Strategy.values()).filter(s -> s != Strategy.RAW), Arbitraries.integers().between(1, 64),
            batches, scales, scales, Arbitraries.of(Potential.values()).injectNull(0.5),
            Arbitraries.of(0.0, 0.5, 1.0, 10.0, 1e-3, 2.5e7).injectNull(0.5))
        .as((st, n, bs, c, r, p, l) -> new SearchSpec(st, n, bs, c, r, p, l, null, null));
    return Combinators.combine(head, names, names, names, Arbitraries.of(Resampling.Method.values()).injectNull(0.5),
            Arbitraries.of(0.25, 0.5, 1.0).injectNull(0.5), Arbitraries.of(-0.5, 0.0, 1.25, 3.0, SearchSpec.NO_NARROWING).injectNull(0.5),
            Arbitraries.of(0.5, 0.75, 1.0).injectNull(0.5))
        .as((h, x, rw, sc, m, ess, narrow, floor) -> new SearchSpec(h.strategy(), h.n(), h.batchSchedule(), h.clusterScales(), h.resampleScales(),
            h.potential(), h.lambda(), x, rw, sc, m, ess, narrow, floor));
  }
}
