package org.ttsvar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.world.io.AtomicFiles;

/**
 * {@code bench.json}: what a benchmark folder holds. A resumed run must match it exactly; shards
 * to merge must match it except for the shard.
 *
 * @param suite the suite name
 * @param prompts where the prompts came from (the shipped set, a file, a limit)
 * @param promptIndices the prompts the suite runs (before sharding)
 * @param seeds the seeds per prompt (sample j of a prompt uses seeds[j])
 * @param model the models' description
 * @param configs the configurations, in report order
 * @param shard which part of the prompts this folder holds
 */
public record Manifest(String suite, String prompts, List<Integer> promptIndices, List<Long> seeds, String model, List<BenchConfig> configs, String shard) {
  public static final String NAME = "bench.json";

  public Manifest withShard(String s) {
    return new Manifest(suite, prompts, promptIndices, seeds, model, configs, s);
  }

  public Shard parsedShard() {
    return Shard.parse(shard);
  }

  public static Manifest read(Path dir) throws IOException {
    Path f = dir.resolve(NAME);
    if (!Files.isRegularFile(f)) {
      throw new BenchException(dir + " is not a benchmark folder (no " + NAME + ")");
    }
    try {
      return BenchJson.FILES.readValue(f.toFile(), Manifest.class);
    } catch (IOException e) {
      throw new BenchException(f + " is damaged (" + e.getMessage() + "); rerun the benchmark into an empty folder");
    }
  }

  public void write(Path dir) throws IOException {
    AtomicFiles.write(dir.resolve(NAME), BenchJson.FILES.writeValueAsString(this).getBytes(StandardCharsets.UTF_8));
  }

  /** The first field that differs from {@code other}, as "field: this vs other", or null when equal. */
  public String difference(Manifest other) {
    if (!suite.equals(other.suite)) {
      return "suite: " + other.suite + " vs " + suite;
    }
    if (!prompts.equals(other.prompts) || !promptIndices.equals(other.promptIndices)) {
      return "prompts: " + other.prompts + " vs " + prompts;
    }
    if (!seeds.equals(other.seeds)) {
      return "seeds: " + other.seeds + " vs " + seeds;
    }
    if (!model.equals(other.model)) {
      return "model: " + other.model + " vs " + model;
    }
    if (!configs.equals(other.configs)) {
      return "configurations: " + other.configs.stream().map(BenchConfig::name).toList() + " vs " + configs.stream().map(BenchConfig::name).toList();
    }
    if (!shard.equals(other.shard)) {
      return "shard: " + other.shard + " vs " + shard;
    }
    return null;
  }
}
