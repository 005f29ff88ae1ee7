package org.ttsvar.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.GenEvalLayout.PromptFolder;
import org.ttsvar.world.io.ImageSetWriter;

/**
 * Reads and checks a GenEval-layout folder before anything is evaluated, so that a score is never
 * computed over a partial set: the folder exists and holds prompt folders numbered 00000, 00001, …
 * without gaps; each has valid metadata and images numbered 0000.png, 0001.png, … without gaps; and
 * when a {@code run.json} manifest is present (written by {@code ttsvar render} and the generators),
 * the run finished and every prompt has the manifest's number of images. Every problem found is
 * reported at once.
 */
final class EvaluationInput {
  private static final int SHOWN_PROBLEMS = 10;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvaluationInput() {}

  static List<PromptFolder> read(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new EvaluationInputException(
          root + ": no such folder. Give the folder of a GenEval-layout image set (ROOT/00000/metadata.jsonl, ROOT/00000/samples/0000.png), e.g. one made by 'ttsvar render --out ROOT'.");
    }
    List<Path> dirs = GenEvalLayout.promptDirs(root);
    if (dirs.isEmpty()) {
      throw new EvaluationInputException(
          root + ": holds no prompt folders (00000, 00001, …). Point 'ttsvar eval' at the folder that contains them, or make one with 'ttsvar render --out " + root + "'.");
    }
    List<String> problems = new ArrayList<>();
    Manifest manifest = Manifest.read(root.resolve(ImageSetWriter.MANIFEST), problems);
    List<PromptFolder> folders = new ArrayList<>();
    boolean numberingReported = false;
    for (int i = 0; i < dirs.size(); i++) {
      int index = Integer.parseInt(dirs.get(i).getFileName().toString());
      if (index != i && !numberingReported) {
        problems.add(
            dirs.get(i) + ": expected prompt folder " + GenEvalLayout.promptDir(root, i).getFileName()
                + " here; prompt folders must be numbered 00000, 00001, … without gaps or duplicates");
        numberingReported = true;
      }
      try {
        folders.add(GenEvalLayout.readFolder(dirs.get(i)));
      } catch (IllegalArgumentException | org.ttsvar.world.BadInputException e) {
        problems.add(e.getMessage() + " (fix or regenerate the metadata: 'ttsvar prompts' writes valid lines)");
      }
    }
    if (manifest != null && manifest.prompts() >= 0 && dirs.size() != manifest.prompts()) {
      problems.add(root + ": " + ImageSetWriter.MANIFEST + " lists " + manifest.prompts() + " prompts but the folder holds " + dirs.size() + " prompt folders");
    }
    for (PromptFolder f : folders) {
      checkSamples(f, manifest, problems);
    }
    if (!problems.isEmpty()) {
      throw new EvaluationInputException(describe(root, problems));
    }
    return folders;
  }

  private static void checkSamples(PromptFolder folder, Manifest manifest, List<String> problems) {
    Path samples = folder.dir().resolve(GenEvalLayout.SAMPLES);
    if (folder.samples().isEmpty()) {
      problems.add(samples + ": no images (expected 0000.png, 0001.png, …)");
      return;
    }
    int n = folder.samples().size();
    for (int i = 0; i < n; i++) {
      Path expected = GenEvalLayout.samplePath(folder.dir(), i);
      if (!folder.samples().get(i).getFileName().equals(expected.getFileName())) {
        problems.add(expected + ": missing; images must be numbered from 0000.png without gaps");
        return;
      }
    }
    if (manifest != null && manifest.imagesPerPrompt() > 0 && n != manifest.imagesPerPrompt()) {
      problems.add(samples + ": holds " + n + " images, but " + ImageSetWriter.MANIFEST + " says " + manifest.imagesPerPrompt() + " per prompt");
    }
  }

  static String describe(Path root, List<String> problems) {
    StringBuilder sb = new StringBuilder("cannot evaluate " + root + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    for (int i = 0; i < Math.min(SHOWN_PROBLEMS, problems.size()); i++) {
      sb.append("\n  ").append(problems.get(i));
    }
    if (problems.size() > SHOWN_PROBLEMS) {
      sb.append("\n  … and ").append(problems.size() - SHOWN_PROBLEMS).append(" more");
    }
    sb.append("\nNothing was evaluated and no results were written. Regenerate the images (e.g. 'ttsvar render … --resume' completes an interrupted render), then run 'ttsvar eval' again.");
    return sb.toString();
  }

  /** What {@link ImageSetWriter}'s manifest promises about the folder (−1: not stated). */
  private record Manifest(int prompts, int imagesPerPrompt) {
    static Manifest read(Path file, List<String> problems) {
      if (!Files.exists(file)) {
        return null;
      }
      JsonNode m;
      try {
        m = MAPPER.readTree(file.toFile());
      } catch (IOException e) {
        problems.add(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + "); delete it if the folder is complete, or regenerate the folder");
        return null;
      }
      if (m == null || !m.isObject()) {
        problems.add(file + ": expected a JSON object");
        return null;
      }
      if (m.path("complete").isBoolean() && !m.path("complete").asBoolean()) {
        problems.add(
            file + ": the " + m.path("command").asText("run") + " that made this folder did not finish (\"complete\": false); rerun it with the same arguments and --resume");
      }
      return new Manifest(m.path("prompts").asInt(-1), m.path("images_per_prompt").asInt(-1));
    }
  }
}
