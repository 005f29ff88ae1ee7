package org.ttsvar.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.Suite;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which benchmark to run and where it goes: the options {@code ttsvar bench} shares with the Spark job
 * ({@code ttsvar-spark}), so that both take the same flags and build the same manifest from them.
 */
public final class BenchOptions {
  @Option(names = "--suite", defaultValue = "quick", description = "quick, main or ablations (default: ${DEFAULT-VALUE}).")
  String suite;

  @Mixin PromptsOption prompts;

  @Mixin ModelOptions model;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/bench-SUITE; must be empty unless --resume).")
  Path out;

  @Option(names = "--resume", description = "Complete an interrupted benchmark with the same arguments.")
  boolean resume;

  @Option(names = "--json", description = "End standard output with one JSON object with one entry per configuration.")
  boolean json;

  @Option(names = "--configs", split = ",", paramLabel = "NAME", description = "Run only these configurations of the suite (folder names, e.g. ttsvar-n4-xlatent; default: all).")
  List<String> configs = List.of();

  @Option(names = "--seeds", split = ",", paramLabel = "S", description = "Seeds per prompt (default: the suite's, 0,1,2,3; quick: 0,1).")
  List<Long> seeds;

  public Suite suite() {
    return Suite.parse(suite);
  }

  public PromptsOption prompts() {
    return prompts;
  }

  public ModelOptions model() {
    return model;
  }

  public boolean resume() {
    return resume;
  }

  public boolean json() {
    return json;
  }

  /** The output folder: {@code --out}, or {@code out/bench-SUITE} (with the shard in the name for a part). */
  public Path out(Shard shard) {
    return out != null ? out : Path.of("out", "bench-" + suite().id() + (shard.count() > 1 ? "-shard" + shard.index() + "of" + shard.count() : ""));
  }

  /** The manifest of this benchmark on {@code models}: the suite's prompts of {@code specs}, its seeds and configurations; {@code shard} says which prompts a folder holds. */
  public Manifest manifest(LoadedModels models, List<PromptSpec> specs, Shard shard) {
    Suite s = suite();
    List<Long> seedList = seeds == null ? s.seeds() : List.copyOf(seeds);
    if (seedList.isEmpty() || seedList.stream().distinct().count() != seedList.size() || seedList.stream().anyMatch(x -> x < 0)) {
      throw new BadInputException("--seeds must list distinct non-negative seeds, e.g. --seeds 0,1; got " + seedList);
    }
    var bench = models.bench();
    return new Manifest(s.id(), prompts.describe(), s.promptIndices(specs), seedList, bench.describe(),
        Suite.select(s.configs(bench.searchDefaults(), models.scaleSides().size(), bench.defaultReward()), configs), shard.toString());
  }

  /** The arguments that define this benchmark (not where it goes, nor how it is split), to pass on to a worker process. */
  public List<String> definitionArgs() {
    List<String> a = new ArrayList<>(List.of("--suite", suite));
    a.addAll(prompts.args());
    a.addAll(model.args());
    if (!configs.isEmpty()) {
      a.addAll(List.of("--configs", String.join(",", configs)));
    }
    if (seeds != null) {
      a.addAll(List.of("--seeds", seeds.stream().map(String::valueOf).collect(Collectors.joining(","))));
    }
    return a;
  }
}
