package org.ttsvar.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.ttsvar.bench.BenchConfig;
import org.ttsvar.bench.BenchException;
import org.ttsvar.bench.Manifest;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.stats.Results;
import org.ttsvar.world.io.GenEvalLayout;

/**
 * Merges the folders of a sharded benchmark ({@code --shard 0/n} … {@code n-1/n}) into one folder
 * with every image, every record and the results of the whole prompt set.
 */
public final class Merge {
  private Merge() {}

  public static Results merge(List<Path> shards, Path out) throws IOException {
    if (shards.isEmpty()) {
      throw new BenchException("give the shard folders to merge");
    }
    List<Manifest> manifests = new ArrayList<>();
    for (Path p : shards) {
      manifests.add(Manifest.read(p));
    }
    Manifest first = manifests.get(0);
    int count = first.parsedShard().count();
    boolean[] seen = new boolean[count];
    for (int i = 0; i < shards.size(); i++) {
      Manifest m = manifests.get(i);
      String diff = first.withShard(m.shard()).difference(m);
      if (diff != null) {
        throw new BenchException(shards.get(i) + " is from another benchmark than " + shards.get(0) + ": " + diff);
      }
      Shard s = m.parsedShard();
      if (s.count() != count) {
        throw new BenchException(shards.get(i) + " is shard " + s + ", but " + shards.get(0) + " is shard " + first.shard() + ": shards of one split have the same n");
      }
      if (seen[s.index()]) {
        throw new BenchException("shard " + s + " is given twice");
      }
      seen[s.index()] = true;
    }
    for (int i = 0; i < count; i++) {
      if (!seen[i]) {
        throw new BenchException("shard " + i + "/" + count + " is missing; give all " + count + " shard folders");
      }
    }
    if (Files.isDirectory(out)) {
      try (Stream<Path> s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new BenchException(out + " is not empty; merge into a new folder");
        }
      }
    }
    Manifest merged = first.withShard(Shard.ALL.toString());
    Files.createDirectories(out);
    Map<BenchConfig, TreeMap<Integer, PromptRecord>> records = new LinkedHashMap<>();
    for (BenchConfig c : merged.configs()) {
      TreeMap<Integer, PromptRecord> all = new TreeMap<>();
      Path dir = out.resolve(c.name());
      Files.createDirectories(dir);
      for (int i = 0; i < shards.size(); i++) {
        Path src = shards.get(i).resolve(c.name());
        Shard s = manifests.get(i).parsedShard();
        for (PromptRecord r : RecordsFile.read(src.resolve(RecordsFile.NAME)).values()) {
          if (!s.has(r.index())) {
            throw new BenchException(src + " holds prompt " + r.index() + ", which is not in shard " + s);
          }
          all.put(r.index(), r);
          copyTree(GenEvalLayout.promptDir(src, r.index()), GenEvalLayout.promptDir(dir, r.index()));
        }
      }
      for (PromptRecord r : all.values()) {
        RecordsFile.append(dir.resolve(RecordsFile.NAME), r);
      }
      records.put(c, all);
    }
    merged.write(out);
    Results results = Results.of(merged, records);
    Reports.write(out, results);
    return results;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
