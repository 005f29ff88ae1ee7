package org.ttsvar.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.ttsvar.search.FeatureExtractor;
import org.ttsvar.search.PathGenerator;
import org.ttsvar.search.Paths;
import org.ttsvar.search.Potential;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchDefaults;
import org.ttsvar.search.SearchModels;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.SearchSettingException;
import org.ttsvar.search.testing.FakeGenerator;
import org.ttsvar.world.Grammar;

/**
 * The search's pure-Java fake model behind a gate: each scale's step takes a permit, so a test holds
 * a search at a scale for as long as it needs (queue full, time limit, shutdown, a client leaving).
 */
final class GatedModels implements SearchModels {
  final Semaphore permits = new Semaphore(Integer.MAX_VALUE);
  private final int scales;
  private final PathGenerator generator;

  GatedModels(int scales) {
    this.scales = scales;
    this.generator = new FakeGenerator(scales) {
      @Override
      public Paths startWithStreams(String prompt, long[] streams) {
        Paths p = super.startWithStreams(prompt, streams);
        return (Paths) java.lang.reflect.Proxy.newProxyInstance(Paths.class.getClassLoader(), new Class<?>[] {Paths.class}, (proxy, m, args) -> {
          if (m.getName().equals("step")) {
            permits.acquire();
          }
          return m.invoke(p, args);
        });
      }
    };
  }

  /** Holds every search before its next step until {@link #open} or a {@link #release}. */
  void close() {
    permits.drainPermits();
  }

  void open() {
    permits.release(Integer.MAX_VALUE / 2);
  }

  ServedModel served() {
    return new ServedModel("fake", "a pure-Java stand-in", this, Collections.nCopies(scales, 4), "4x4", new ServedModel.Prompts() {
      @Override
      public void check(String prompt) {
        Grammar.parse(prompt);
      }

      @Override
      public String help() {
        return "GenEval's templates";
      }

      @Override
      public String example() {
        return "a photo of a red circle";
      }
    }, Map.of("model", "fake"));
  }

  static TtsvarServer.Settings settings(Path runs, int queue, Duration timeLimit) {
    return new TtsvarServer.Settings("127.0.0.1", 0, queue, timeLimit, Duration.ofMillis(300), runs, 4);
  }

  @Override
  public PathGenerator generator() {
    return generator;
  }

  @Override
  public SearchDefaults searchDefaults() {
    List<Integer> schedule = new java.util.ArrayList<>(Collections.nCopies(scales, 1));
    schedule.set(0, 4);
    schedule.set(1, 2);
    return new SearchDefaults(schedule, List.of(1), List.of(2), Potential.VALUE, 10.0, "latent"); // 4 → cluster → 2 → resample → 1 (× N)
  }

  @Override
  public Reward reward(String name) {
    if (!name.equals("fake")) {
      throw new SearchSettingException(SearchSetting.REWARD, "unknown reward '" + name + "'; known: fake");
    }
    return FakeGenerator.REWARD;
  }

  @Override
  public FeatureExtractor extractor(String name) {
    if (!name.equals("latent")) {
      throw new SearchSettingException(SearchSetting.EXTRACTOR, "unknown extractor '" + name + "'; known: latent");
    }
    return FakeGenerator.LATENT;
  }

  @Override
  public String defaultReward() {
    return "fake";
  }
}
