package org.ttsvar.bench.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ttsvar.bench.PromptRecord;
import org.ttsvar.bench.run.RecordsFile;
import org.ttsvar.world.BadInputException;

/**
 * Two configuration folders of different benchmark runs compared as one run compares its own: the
 * overall accuracy of each on the prompts both ran, and the paired bootstrap interval of the
 * difference ({@code ttsvar bench compare}).
 *
 * @param base overall accuracy of the first folder on the shared prompts
 * @param other overall accuracy of the second
 * @param difference other − base
 * @param prompts the shared prompts
 * @param basePrompts prompts in the first folder
 * @param otherPrompts prompts in the second
 */
public record FolderComparison(double base, double other, PairedBootstrap.Difference difference, int prompts, int basePrompts, int otherPrompts) {

  /** @throws BadInputException for a folder without records, or folders of different prompt sets */
  public static FolderComparison of(Path base, Path other) throws IOException {
    SortedMap<Integer, PromptRecord> a = records(base);
    SortedMap<Integer, PromptRecord> b = records(other);
    SortedMap<Integer, PromptRecord> sharedA = new TreeMap<>(a);
    sharedA.keySet().retainAll(b.keySet());
    SortedMap<Integer, PromptRecord> sharedB = new TreeMap<>(b);
    sharedB.keySet().retainAll(a.keySet());
    for (int i : sharedA.keySet()) {
      if (!a.get(i).prompt().equals(b.get(i).prompt())) {
        throw new BadInputException("prompt " + i + " is \"" + a.get(i).prompt() + "\" in " + base + " but \"" + b.get(i).prompt() + "\" in " + other
            + ": the two runs used different prompt sets; compare runs of the same set (--validation or the same --prompts)");
      }
    }
    PairedBootstrap.Difference d = PairedBootstrap.difference(b, a, 0);
    Double accA = Results.overall(Results.taskAccuracies(sharedA.values()));
    Double accB = Results.overall(Results.taskAccuracies(sharedB.values()));
    if (d == null || accA == null || accB == null) {
      throw new BadInputException(base + " and " + other + " share no prompt with images; compare runs of the same prompt set");
    }
    return new FolderComparison(accA, accB, d, sharedA.size(), a.size(), b.size());
  }

  private static SortedMap<Integer, PromptRecord> records(Path config) throws IOException {
    Path file = config.resolve(RecordsFile.NAME);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(config + " has no " + RecordsFile.NAME + ": name a configuration folder of a benchmark run, e.g. out/bench-main/ttsvar-n4");
    }
    return RecordsFile.read(file);
  }
}
