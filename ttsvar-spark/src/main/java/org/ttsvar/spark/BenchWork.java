package org.ttsvar.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ttsvar.bench.BenchJson;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.run.BenchRunner;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.cli.LoadedModels;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.io.MetadataJson;

/**
 * One prompt of a benchmark: {@link BenchRunner} over the one-prompt shard {@code position/P} of the
 * job's manifest, with this executor's models. Its folder is a shard folder as {@code ttsvar bench
 * --shard} writes it (bench.json, CONFIG/records.jsonl, CONFIG/PPPPP/), so the driver merges the parts
 * as {@code ttsvar bench merge} does.
 */
final class BenchWork implements PromptWork {
  private static final long serialVersionUID = 1L;

  private final String manifest;
  private final List<String> prompts;
  private final List<String> modelArgs;

  BenchWork(Manifest manifest, List<PromptSpec> prompts, List<String> modelArgs) throws IOException {
    this.manifest = BenchJson.LINES.writeValueAsString(manifest);
    this.prompts = prompts.stream().map(MetadataJson::toJson).toList();
    this.modelArgs = List.copyOf(modelArgs);
  }

  @Override
  public void run(int position, Path dir, Runnable afterUnit) throws IOException {
    Manifest whole = BenchJson.LINES.readValue(manifest, Manifest.class);
    Manifest part = whole.withShard(new Shard(position, whole.promptIndices().size()).toString());
    List<PromptSpec> specs = prompts.stream().map(p -> MetadataJson.parse(p, "the job's prompts")).toList();
    LoadedModels models = ExecutorModels.borrow(modelArgs);
    try {
      new BenchRunner(models.bench()).withoutReports().run(part, specs, dir, false, (done, total) -> afterUnit.run());
    } finally {
      ExecutorModels.giveBack(modelArgs, models);
    }
  }
}
