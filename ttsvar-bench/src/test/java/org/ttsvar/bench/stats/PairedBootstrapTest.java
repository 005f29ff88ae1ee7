package org.ttsvar.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.PromptRecord;

class PairedBootstrapTest {
  private static PromptRecord prompt(int index, String tag, boolean... correct) {
    List<ImageRecord> images = new ArrayList<>();
    for (int j = 0; j < correct.length; j++) {
      images.add(new ImageRecord(j, correct[j], "", 0, 0, 0, 0, 0, 0));
    }
    return new PromptRecord(index, tag, "p" + index, images, 0, 0);
  }

  @Test
  void theMeanIsTheDifferenceOfTheTaskAveragedAccuracies() {
    SortedMap<Integer, PromptRecord> a = new TreeMap<>(), b = new TreeMap<>();
    // task x: A 3/4 and 1/4 (0.5), B 1/4 and 1/4 (0.25); task y: A 1/4 (0.25), B 3/4 (0.75)
    a.put(0, prompt(0, "x", true, true, true, false));
    a.put(1, prompt(1, "x", true, false, false, false));
    a.put(2, prompt(2, "y", true, false, false, false));
    b.put(0, prompt(0, "x", true, false, false, false));
    b.put(1, prompt(1, "x", false, true, false, false));
    b.put(2, prompt(2, "y", true, true, true, false));
    b.put(3, prompt(3, "y", true, true, true, true)); // not in A: ignored
    PairedBootstrap.Difference d = PairedBootstrap.difference(a, b, 0);
    assertThat(d.mean()).isCloseTo(((0.5 - 0.25) + (0.25 - 0.75)) / 2, within(1e-12));
    assertThat(d.high()).isLessThanOrEqualTo((0.5 + -0.5) / 2 + 1e-12); // task x's differences are 0.5 and 0: at most 0.5
    assertThat(d.low()).isGreaterThanOrEqualTo((0.0 - 0.5) / 2 - 1e-12);
  }

  @Test
  void aSureDifferenceIsClearAndNoDifferenceIsNot() {
    SortedMap<Integer, PromptRecord> good = new TreeMap<>(), bad = new TreeMap<>();
    for (int i = 0; i < 30; i++) {
      good.put(i, prompt(i, i % 2 == 0 ? "x" : "y", true, true));
      bad.put(i, prompt(i, i % 2 == 0 ? "x" : "y", false, false));
    }
    PairedBootstrap.Difference d = PairedBootstrap.difference(good, bad, 3);
    assertThat(d.mean()).isEqualTo(1.0);
    assertThat(d.low()).isEqualTo(1.0);
    assertThat(d.clear()).isTrue();
    PairedBootstrap.Difference same = PairedBootstrap.difference(good, good, 3);
    assertThat(same.low()).isZero();
    assertThat(same.high()).isZero();
    assertThat(same.clear()).isFalse();
    assertThat(PairedBootstrap.difference(good, new TreeMap<>(), 3)).isNull();
  }

  @Property(tries = 50)
  void swappingTheConfigurationsMirrorsTheIntervalAndASeedRepeatsIt(
      @ForAll @Size(min = 2, max = 40) List<@IntRange(min = 0, max = 15) Integer> outcomes, @ForAll @IntRange(min = 0, max = 1000) int seed) {
    SortedMap<Integer, PromptRecord> a = new TreeMap<>(), b = new TreeMap<>();
    for (int i = 0; i < outcomes.size(); i++) {
      int o = outcomes.get(i); // four bits: two images of A, two of B
      String tag = i % 3 == 0 ? "x" : "y";
      a.put(i, prompt(i, tag, (o & 1) != 0, (o & 2) != 0));
      b.put(i, prompt(i, tag, (o & 4) != 0, (o & 8) != 0));
    }
    PairedBootstrap.Difference ab = PairedBootstrap.difference(a, b, seed), ba = PairedBootstrap.difference(b, a, seed);
    assertThat(ba.mean()).isCloseTo(-ab.mean(), within(1e-12));
    assertThat(ba.low()).isCloseTo(-ab.high(), within(1e-12));
    assertThat(ba.high()).isCloseTo(-ab.low(), within(1e-12));
    assertThat(ab.low()).isLessThanOrEqualTo(ab.high());
    assertThat(PairedBootstrap.difference(a, b, seed)).isEqualTo(ab);
  }
}
