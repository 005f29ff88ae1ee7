package org.ttsvar.world.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;

/**
 * Fills a GenEval-layout folder with images, safely and resumably. Every image is written
 * atomically, so an image file that exists is complete. A {@code run.json} manifest records what
 * produced the folder (command and parameters) and whether the run finished; reopening a folder that
 * already holds results is refused unless the caller resumes the same run, in which case the images
 * already there are kept and only the missing ones are made.
 */
public final class ImageSetWriter {
  public static final String MANIFEST = "run.json";
  /** GenEval's layout names samples with four digits. */
  public static final int MAX_IMAGES_PER_PROMPT = 10_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path root;
  private final List<PromptSpec> specs;
  private final int imagesPerPrompt;
  private final ObjectNode manifest;

  private ImageSetWriter(Path root, List<PromptSpec> specs, int imagesPerPrompt, ObjectNode manifest) {
    this.root = root;
    this.specs = specs;
    this.imagesPerPrompt = imagesPerPrompt;
    this.manifest = manifest;
  }

  /**
   * Opens {@code root} for writing images of {@code specs}.
   *
   * @param command the producing command, e.g. {@code "render"}
   * @param params every parameter that determines the images (seed, model, …)
   * @param resume continue a run with the same command and parameters instead of refusing
   * @throws OutputFolderException when the folder holds other results, or resuming does not match
   */
  public static ImageSetWriter open(
      Path root, List<PromptSpec> specs, int imagesPerPrompt, String command, Map<String, ?> params, boolean resume) throws IOException {
    checkImagesPerPrompt(imagesPerPrompt);
    AtomicFiles.checkTarget(root.resolve(MANIFEST));
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new OutputFolderException(root + " exists and is not a folder; choose another --out");
    }
    ObjectNode manifest = MAPPER.createObjectNode();
    manifest.put("command", command);
    manifest.set("params", MAPPER.valueToTree(new TreeMap<>(params)));
    manifest.put("prompts", specs.size());
    manifest.put("images_per_prompt", imagesPerPrompt);
    Path manifestFile = root.resolve(MANIFEST);
    List<Path> existing = GenEvalLayout.promptDirs(root);
    boolean hasResults = !existing.isEmpty() || Files.exists(manifestFile);
    if (hasResults && !resume) {
      throw new OutputFolderException(
          root + " already holds results (" + existing.size() + " prompt folders); pass --resume to complete the same run, or choose an empty --out");
    }
    if (hasResults) {
      if (!Files.exists(manifestFile)) {
        throw new OutputFolderException(root + " holds prompt folders but no " + MANIFEST + "; it was not made by this command, choose an empty --out");
      }
      ObjectNode old = (ObjectNode) MAPPER.readTree(manifestFile.toFile());
      for (String key : List.of("command", "params", "prompts", "images_per_prompt")) {
        // Compare as text: a number read back may be an int node where a long was written.
        if (!String.valueOf(manifest.get(key)).equals(String.valueOf(old.get(key)))) {
          throw new OutputFolderException(
              "cannot resume " + root + ": its " + key + " was " + old.get(key) + ", now " + manifest.get(key) + "; rerun with the same arguments or choose an empty --out");
        }
      }
      for (Path dir : existing) {
        int index = Integer.parseInt(dir.getFileName().toString());
        if (index >= specs.size()) {
          throw new OutputFolderException("cannot resume " + root + ": it has prompt folder " + dir.getFileName() + " beyond the " + specs.size() + " prompts");
        }
        Path meta = dir.resolve(GenEvalLayout.METADATA);
        if (Files.exists(meta) && !GenEvalLayout.readFolder(dir).spec().equals(specs.get(index))) {
          throw new OutputFolderException("cannot resume " + root + ": " + meta + " is not the prompt \"" + specs.get(index).prompt() + "\"");
        }
      }
    }
    // A resume trusts no image it has not checked: an empty, truncated or corrupt sample (a copy cut
    // short, a disk that filled) is removed here, so that it is made again, and counted.
    List<Path> damaged = new java.util.ArrayList<>();
    for (Path dir : existing) {
      for (int i = 0; i < imagesPerPrompt; i++) {
        Path sample = GenEvalLayout.samplePath(dir, i);
        if (Files.exists(sample, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !ImageFiles.isIntactPng(sample)) {
          if (Files.isRegularFile(sample, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(sample);
          } else {
            throw new OutputFolderException("cannot resume " + root + ": " + sample + " is " + AtomicFiles.kind(sample) + ", not an image; remove it");
          }
          damaged.add(sample);
        }
      }
    }
    manifest.put("complete", false);
    Files.createDirectories(root);
    AtomicFiles.write(manifestFile, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    ImageSetWriter w = new ImageSetWriter(root, List.copyOf(specs), imagesPerPrompt, manifest);
    w.damaged = List.copyOf(damaged);
    return w;
  }

  private List<Path> damaged = List.of();

  /** Refuses a count of images per prompt outside 1 … {@link #MAX_IMAGES_PER_PROMPT} (before any folder is made). */
  public static void checkImagesPerPrompt(int imagesPerPrompt) {
    if (imagesPerPrompt < 1) {
      throw new org.ttsvar.world.BadInputException("images per prompt must be ≥ 1, got " + imagesPerPrompt);
    }
    if (imagesPerPrompt > MAX_IMAGES_PER_PROMPT) {
      throw new org.ttsvar.world.BadInputException("images per prompt must be ≤ " + MAX_IMAGES_PER_PROMPT
          + " (GenEval's sample names, samples/0000.png, have four digits), got " + imagesPerPrompt);
    }
  }

  /** The samples a resume found empty, truncated or corrupt and removed, to be made again. */
  public List<Path> damaged() {
    return damaged;
  }

  /**
   * What a resume found, for the user: how many images were already there and intact, how many were
   * damaged and will be made again (the first few named), and how many are left to make.
   */
  public String resumeNote() {
    int total = specs.size() * imagesPerPrompt;
    int missing = missing();
    StringBuilder sb = new StringBuilder("resuming " + root + ": " + (total - missing) + "/" + total + " images intact");
    if (!damaged.isEmpty()) {
      sb.append(", ").append(damaged.size()).append(" damaged (empty, truncated or corrupt) removed and made again: ");
      sb.append(String.join(", ", damaged.stream().limit(5).map(Path::toString).toList())).append(damaged.size() > 5 ? ", …" : "");
    }
    return sb.append("; ").append(missing).append(" to make").toString();
  }

  public Path root() {
    return root;
  }

  public int imagesPerPrompt() {
    return imagesPerPrompt;
  }

  /** Whether image {@code image} of prompt {@code prompt} is already written (complete, since writes are atomic). */
  public boolean has(int prompt, int image) {
    return Files.isRegularFile(GenEvalLayout.samplePath(GenEvalLayout.promptDir(root, prompt), image));
  }

  /** How many images are still missing. */
  public int missing() {
    int n = 0;
    for (int p = 0; p < specs.size(); p++) {
      for (int i = 0; i < imagesPerPrompt; i++) {
        if (!has(p, i)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Writes the metadata of prompt {@code prompt} if it is not there yet. */
  public void startPrompt(int prompt) throws IOException {
    Path dir = GenEvalLayout.promptDir(root, prompt);
    if (!Files.isRegularFile(dir.resolve(GenEvalLayout.METADATA))) {
      GenEvalLayout.writePrompt(root, prompt, specs.get(prompt));
    } else {
      Files.createDirectories(dir.resolve(GenEvalLayout.SAMPLES));
    }
  }

  public void write(int prompt, int image, RgbImage img) throws IOException {
    ImageFiles.writePng(img, GenEvalLayout.samplePath(GenEvalLayout.promptDir(root, prompt), image));
  }

  /** Marks the run complete in the manifest. */
  public void finish() throws IOException {
    manifest.put("complete", true);
    AtomicFiles.write(root.resolve(MANIFEST), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
  }
}
