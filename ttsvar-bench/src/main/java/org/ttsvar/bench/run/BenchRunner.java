package org.ttsvar.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ttsvar.world.io.ProcessMemory;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.BenchModels;
import org.ttsvar.bench.ImageRecord;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.stats.Diversity;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.bench.studies.Consistency;
import org.ttsvar.search.Reward;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.TtsVar;
import org.ttsvar.verifier.MiniGenEval;
import org.ttsvar.verifier.Verdict;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;

/**
 * Runs a benchmark into a folder: for every prompt of the shard (outer loop) and every
 * configuration (inner loop), one search per seed; the final images go to
 * {@code OUT/CONFIG/nnnnn/samples/jjjj.png} (GenEval's layout, so {@code ttsvar eval OUT/CONFIG}
 * works), the verdicts, rewards and costs to one line of {@code OUT/CONFIG/records.jsonl}. Resume
 * skips every (prompt, configuration) with a record whose images are all intact PNGs, and redoes the
 * others (a deleted or damaged image drops its prompt's record); results and reports are rebuilt from the
 * records at the end.
 */
public final class BenchRunner {
  /** Progress of a run. */
  public interface Listener {
    /** Called after each (prompt, configuration) unit, done or skipped. */
    void progress(long done, long total);

    default void message(String m) {}
  }

  private final BenchModels models;
  private boolean measureConsistency;
  private List<Integer> sides = List.of();
  private boolean writeReports = true;

  public BenchRunner(BenchModels models) {
    this.models = models;
  }

  /**
   * Also measures consistency per scale (batches of 8, the benchmark reward, the folder's prompts) and
   * adds its plot to the report; {@code sides} labels the scales. Kept across resumes.
   */
  public BenchRunner withConsistency(List<Integer> scaleSides) {
    this.measureConsistency = true;
    this.sides = List.copyOf(scaleSides);
    return this;
  }

  /**
   * Leaves results.json and the reports to whoever merges this folder with others' (a Spark task's
   * one-prompt part, merged by the job's driver): rendering them per part would cost more than its prompt.
   */
  public BenchRunner withoutReports() {
    this.writeReports = false;
    return this;
  }

  /**
   * Runs (or resumes) a benchmark.
   *
   * @param prompts the whole prompt set; the manifest says which indices run (prompt j of the manifest's
   *     list goes to folder j)
   * @return the results written to {@code OUT/results.json}
   */
  public Results run(Manifest manifest, List<PromptSpec> prompts, Path out, boolean resume, Listener listener) throws IOException {
    prepare(manifest, out, resume);
    Shard shard = manifest.parsedShard();
    Map<BenchConfig, TtsVar> searches = new LinkedHashMap<>();
    for (BenchConfig c : manifest.configs()) {
      searches.put(c, c.spec().build(models)); // every configuration is validated before anything runs
    }
    Map<BenchConfig, TreeMap<Integer, PromptRecord>> done = new LinkedHashMap<>();
    for (BenchConfig c : manifest.configs()) {
      Path dir = out.resolve(c.name());
      Files.createDirectories(dir);
      done.put(c, RecordsFile.readAndRepair(dir.resolve(RecordsFile.NAME), listener::message));
    }
    // A record vouches for its images only while they are there: redo every prompt whose image was
    // deleted or damaged after its record was written (its record dropped here, a fresh one appended).
    Map<BenchConfig, List<Integer>> redone = new LinkedHashMap<>();
    for (BenchConfig c : manifest.configs()) {
      List<Integer> bad = dropRecordsOfBrokenImages(c, done.get(c), manifest.seeds().size(), out.resolve(c.name()), listener);
      if (!bad.isEmpty()) {
        redone.put(c, bad);
      }
    }
    // Folder and record number = position in the manifest's prompt list, so that a complete run is a
    // gap-free GenEval layout whatever prompts the suite picked.
    List<Integer> mine = java.util.stream.IntStream.range(0, manifest.promptIndices().size()).filter(shard::has).boxed().toList();
    long total = (long) mine.size() * manifest.configs().size();
    long count = 0;
    Reward benchReward = models.reward(models.defaultReward());
    for (int position : mine) {
      PromptSpec spec = prompts.get(manifest.promptIndices().get(position));
      for (BenchConfig c : manifest.configs()) {
        if (!done.get(c).containsKey(position)) {
          PromptRecord r = runPrompt(c, searches.get(c), spec, position, manifest.seeds(), out.resolve(c.name()), benchReward);
          RecordsFile.append(out.resolve(c.name()).resolve(RecordsFile.NAME), r);
          done.get(c).put(position, r);
        }
        listener.progress(++count, total);
      }
    }
    for (BenchConfig c : redone.keySet()) {
      // back in prompt order, so the file reads as an uninterrupted run's
      RecordsFile.rewrite(out.resolve(c.name()).resolve(RecordsFile.NAME), done.get(c).values());
      for (int position : redone.get(c)) {
        listener.message(c.name() + " prompt " + position + ": redone");
      }
    }
    if (measureConsistency) {
      List<PromptSpec> specs = mine.stream().map(j -> prompts.get(manifest.promptIndices().get(j))).toList();
      measureConsistency(models, specs, sides, out, listener::message);
    }
    Results results = Results.of(manifest, done);
    if (writeReports) {
      Reports.write(out, results);
    }
    return results;
  }

  /**
   * Consistency per scale over {@code specs} (batches of 8, seed 0, the benchmark's reward) into
   * {@code out}/consistency.json and .png, unless already there (a resumed run keeps it).
   */
  public static void measureConsistency(BenchModels models, List<PromptSpec> specs, List<Integer> sides, Path out, java.util.function.Consumer<String> message)
      throws IOException {
    if (Files.exists(out.resolve(Consistency.JSON))) {
      return;
    }
    message.accept("consistency per scale over " + specs.size() + " prompts (batches of 8)");
    Consistency.Result c = Consistency.measure(models.generator(), models.reward(models.defaultReward()), specs, 8, 0, d -> {});
    Consistency.write(c, sides, out);
  }

  private PromptRecord runPrompt(BenchConfig c, TtsVar search, PromptSpec spec, int index, List<Long> seeds, Path dir, Reward benchReward)
      throws IOException {
    Path promptDir = GenEvalLayout.writePrompt(dir, index, spec);
    boolean sameReward = !isRaw(c) && c.searchReward(models).equals(models.defaultReward());
    List<ImageRecord> images = new ArrayList<>();
    List<RgbImage> finals = new ArrayList<>();
    ProcessMemory.resetPeak();
    for (int j = 0; j < seeds.size(); j++) {
      SearchResult r = search.generate(spec.prompt(), seeds.get(j));
      ImageFiles.writePng(r.best(), GenEvalLayout.samplePath(promptDir, j));
      Verdict v = MiniGenEval.judge(r.best(), spec);
      double reward = sameReward ? r.survivors().get(0).reward() : benchReward.score(spec.prompt(), List.of(r.best()))[0];
      SearchResult.Stats s = r.stats();
      images.add(new ImageRecord(seeds.get(j), v.correct(), v.reason(), reward, s.modelFlops(), s.decodes(), s.rewardCalls(), s.peakStateBytes(), s.wallNanos()));
      finals.add(r.best());
    }
    long rss = ProcessMemory.peakResidentBytes();
    return new PromptRecord(index, spec.task().tag(), spec.prompt(), images, Diversity.meanPairwiseCosineDistance(models.embed(finals)), rss);
  }

  /**
   * Drops from {@code records} (and from the file, atomically) every prompt with a sample image
   * missing or not an intact PNG, saying which on the listener, and returns their positions: the
   * run then treats them as never done.
   */
  private static List<Integer> dropRecordsOfBrokenImages(BenchConfig c, TreeMap<Integer, PromptRecord> records, int samples, Path dir, Listener listener)
      throws IOException {
    List<Integer> bad = new ArrayList<>();
    for (int position : records.keySet()) {
      Path promptDir = GenEvalLayout.promptDir(dir, position);
      for (int j = 0; j < samples; j++) {
        Path image = GenEvalLayout.samplePath(promptDir, j);
        if (!ImageFiles.isIntactPng(image)) {
          listener.message(c.name() + " prompt " + position + ": image " + image + (Files.exists(image) ? " damaged" : " missing")
              + "; its record is dropped and the prompt redone");
          bad.add(position);
          break;
        }
      }
    }
    if (!bad.isEmpty()) {
      bad.forEach(records::remove);
      RecordsFile.rewrite(dir.resolve(RecordsFile.NAME), records.values());
    }
    return bad;
  }

  /** Writes the manifest, or checks that a resumed folder holds the same benchmark. */
  private static void prepare(Manifest manifest, Path out, boolean resume) throws IOException {
    if (Files.exists(out.resolve(Manifest.NAME))) {
      if (!resume) {
        throw new BenchException(out + " already holds a benchmark; pass --resume to complete it, or choose an empty --out");
      }
      String diff = manifest.difference(Manifest.read(out));
      if (diff != null) {
        throw new BenchException("cannot resume " + out + ": its " + diff + " (recorded vs now); rerun with the same arguments or choose an empty --out");
      }
      return;
    }
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.anyMatch(p -> !org.ttsvar.world.io.FolderLock.isLockFile(p))) { // the run's own lock is there
          throw new BenchException(out + " is not empty and holds no benchmark (" + Manifest.NAME + "); choose an empty --out");
        }
      }
    }
    Files.createDirectories(out);
    manifest.write(out);
  }

  private static boolean isRaw(BenchConfig c) {
    return c.spec().strategy() == org.ttsvar.search.Strategy.RAW;
  }
}
