package org.ttsvar.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.run.Merge;
import org.ttsvar.bench.run.Shard;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.cli.BenchOptions;
import org.ttsvar.cli.BenchSummary;
import org.ttsvar.cli.LoadedModels;
import org.ttsvar.cli.Main;
import org.ttsvar.world.PromptSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "'ttsvar bench' as a Spark job: the same arguments and the same output folder. One task per prompt; the models are loaded once per",
      "executor JVM (one set per task it runs at once). Each finished prompt goes to OUT/parts/PPPPP/ATTEMPT/; the driver merges them as",
      "'ttsvar bench merge' does. OUT may be any Hadoop path (hdfs://, s3a://, … as the cluster is configured). A failed job keeps the",
      "prompts it finished: run the same command with --resume.",
      "  spark-submit --class org.ttsvar.spark.SparkMain ttsvar-spark.jar bench --suite main --seeds 0,1,2,3 --out hdfs:///ttsvar/bench-main"
    })
final class SparkBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin BenchOptions bench;

  @Override
  public Integer call() throws Exception {
    var err = spec.commandLine().getErr();
    List<PromptSpec> specs = bench.prompts().load();
    Manifest manifest;
    try (LoadedModels models = LoadedModels.load(bench.model())) { // on the driver, once: the manifest describes the models
      manifest = bench.manifest(models, specs, Shard.ALL);
      for (BenchConfig c : manifest.configs()) {
        c.spec().build(models.bench()); // every configuration is validated before the cluster works
      }
    }
    long start = System.nanoTime();
    try (PromptJob job = PromptJob.start("ttsvar bench " + manifest.suite(), bench.out(Shard.ALL).toString())) {
      Path description = Files.createDirectories(job.staging().resolve("job"));
      manifest.write(description);
      job.claim(description.resolve(Manifest.NAME), bench.resume(), previous -> {
        String diff = manifest.difference(Manifest.read(previous));
        if (diff != null) {
          throw new BenchException("cannot resume " + job.out().uri() + ": its " + diff + " (recorded vs now); rerun with the same arguments or choose an empty --out");
        }
      });
      int prompts = manifest.promptIndices().size();
      List<String> published = job.run(new BenchWork(manifest, specs, bench.model().args()), prompts, "bench " + manifest.suite(), err);
      List<Path> parts = new ArrayList<>();
      for (int p = 0; p < prompts; p++) {
        Path local = job.staging().resolve("parts").resolve(Integer.toString(p));
        Files.createDirectories(local.getParent());
        job.parts().download(published.get(p), local);
        parts.add(local);
      }
      Path merged = job.staging().resolve("merged");
      Results r = Merge.merge(parts, merged);
      job.publishMerged(merged);
      err.printf("bench %s: %d prompts × %d configurations in %.1f s on Spark; %s/%s%n", manifest.suite(), prompts, manifest.configs().size(),
          (System.nanoTime() - start) / 1e9, job.out().uri(), Reports.SUMMARY);
      BenchSummary.print(spec.commandLine().getOut(), r, merged, job.out().uri() + "/" + Reports.RESULTS, bench.json());
    }
    return Main.OK;
  }
}
