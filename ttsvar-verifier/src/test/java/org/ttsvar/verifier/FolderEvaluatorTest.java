package org.ttsvar.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSets;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Relation;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.Seeds;
import org.ttsvar.world.ShapeClass;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;
import org.ttsvar.world.io.ImageSetWriter;
import org.ttsvar.world.io.MetadataJson;

class FolderEvaluatorTest {
  @TempDir Path tmp;

  /** One prompt per task from the shipped set, two renders each, written as {@code ttsvar render} writes them. */
  private Path renderFolder(Path root, boolean finish) throws IOException {
    List<PromptSpec> specs = PromptSets.miniGenEval().stream().collect(java.util.stream.Collectors.toMap(PromptSpec::task, s -> s, (a, b) -> a, java.util.LinkedHashMap::new)).values().stream().toList();
    ImageSetWriter w = ImageSetWriter.open(root, specs, 2, "render", Map.of("seed", 0L), false);
    SceneSampler sampler = new SceneSampler();
    for (int p = 0; p < specs.size(); p++) {
      w.startPrompt(p);
      for (int i = 0; i < 2; i++) {
        w.write(p, i, Renderer.render(sampler.sample(specs.get(p), Seeds.derive(0, p, i))));
      }
    }
    if (finish) {
      w.finish();
    }
    return root;
  }

  private static Path sample(Path root, int prompt, int image) {
    return GenEvalLayout.samplePath(GenEvalLayout.promptDir(root, prompt), image);
  }

  @Test
  void evaluatesAFolderInOrderWhateverTheThreads() throws Exception {
    Path root = renderFolder(tmp.resolve("set"), true);
    FolderEvaluator.Evaluation one = new FolderEvaluator(Detector.standard(), 1).evaluate(root);
    FolderEvaluator.Evaluation two = new FolderEvaluator(Detector.standard(), 2).evaluate(root);
    assertThat(two.results()).isEqualTo(one.results());
    assertThat(one.results()).hasSize(12).allMatch(ImageResult::correct);
    assertThat(one.results().get(0).filename()).isEqualTo("00000/samples/0000.png");
    assertThat(one.results().get(11).filename()).isEqualTo("00005/samples/0001.png");
    assertThat(one.summary().overall()).isEqualTo(1.0);
    assertThat(one.summary().tasks()).hasSize(6);
  }

  @Test
  void wrongPicturesFailWithGenEvalsReason() throws Exception {
    Path root = tmp.resolve("wrong");
    PromptSpec asked = Grammar.position(ShapeClass.RING, Relation.LEFT_OF, ShapeClass.STAR);
    GenEvalLayout.writePrompt(root, 0, asked);
    // draw the opposite of what the metadata asks
    ImageFiles.writePng(Renderer.render(new SceneSampler().sample(Grammar.position(ShapeClass.RING, Relation.RIGHT_OF, ShapeClass.STAR), 3)), sample(root, 0, 0));
    ImageResult r = FolderEvaluator.standard().evaluate(root).results().get(0);
    assertThat(r.correct()).isFalse();
    assertThat(r.verdict().reason()).startsWith("expected ring left of target, found right of");
  }

  @Test
  void resultsFileHasOneObjectPerImage() throws Exception {
    Path root = renderFolder(tmp.resolve("set"), true);
    FolderEvaluator.Evaluation e = FolderEvaluator.standard().evaluate(root);
    Path file = ResultsFile.write(root, e.results());
    assertThat(file).isEqualTo(root.resolve("results.jsonl"));
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(e.results().size());
    ObjectMapper mapper = new ObjectMapper();
    for (int k = 0; k < lines.size(); k++) {
      JsonNode o = mapper.readTree(lines.get(k));
      ImageResult r = e.results().get(k);
      assertThat(o.get("filename").asText()).isEqualTo(r.filename());
      assertThat(o.get("tag").asText()).isEqualTo(r.spec().task().tag());
      assertThat(o.get("prompt").asText()).isEqualTo(r.spec().prompt());
      assertThat(o.get("correct").asBoolean()).isEqualTo(r.correct());
      assertThat(o.get("reason").asText()).isEqualTo(r.verdict().reason());
      assertThat(o.get("detections")).hasSize(r.detections().size());
      JsonNode first = o.get("detections").get(0);
      assertThat(first.get("box")).hasSize(4);
      assertThat(first.get("kept").asBoolean()).isTrue();
      assertThat(first.get("class").asText()).isEqualTo(r.detections().get(0).shape().noun());
    }
  }

  @Test
  void missingFolderOrLayoutIsBadInput() throws IOException {
    FolderEvaluator ev = FolderEvaluator.standard();
    assertThatThrownBy(() -> ev.evaluate(tmp.resolve("absent"))).isInstanceOf(EvaluationInputException.class).hasMessageContaining("absent: no such folder").hasMessageContaining("ttsvar render");
    Files.createDirectories(tmp.resolve("empty"));
    assertThatThrownBy(() -> ev.evaluate(tmp.resolve("empty"))).isInstanceOf(EvaluationInputException.class).hasMessageContaining("holds no prompt folders");
  }

  @Test
  void malformedOrMissingMetadataIsBadInput() throws IOException {
    Path root = renderFolder(tmp.resolve("set"), true);
    Files.writeString(GenEvalLayout.promptDir(root, 1).resolve("metadata.jsonl"), "{\"tag\": \"counting\"}\n");
    Files.delete(GenEvalLayout.promptDir(root, 3).resolve("metadata.jsonl"));
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root))
        .isInstanceOf(EvaluationInputException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("00001" + java.io.File.separator + "metadata.jsonl, include: expected a non-empty array of clauses")
        .hasMessageContaining("00003" + java.io.File.separator + "metadata.jsonl: missing")
        .hasMessageContaining("no results were written");
  }

  @Test
  void missingImagesAreBadInput() throws IOException {
    Path root = renderFolder(tmp.resolve("set"), true);
    Files.delete(sample(root, 2, 0));
    Files.delete(sample(root, 4, 0));
    Files.delete(sample(root, 4, 1));
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root))
        .isInstanceOf(EvaluationInputException.class)
        .hasMessageContaining("0000.png: missing")
        .hasMessageContaining("00004" + java.io.File.separator + "samples: no images");
  }

  @Test
  void fewerImagesThanTheManifestSaysIsBadInput() throws IOException {
    Path root = renderFolder(tmp.resolve("set"), true);
    Files.delete(sample(root, 5, 1));
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root)).hasMessageContaining("holds 1 images, but run.json says 2 per prompt");
  }

  @Test
  void anUnfinishedRunIsBadInput() throws IOException {
    Path root = renderFolder(tmp.resolve("set"), false);
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root))
        .isInstanceOf(EvaluationInputException.class)
        .hasMessageContaining("run.json: the render that made this folder did not finish")
        .hasMessageContaining("--resume");
  }

  @Test
  void gapsInPromptNumberingAreBadInput() throws IOException {
    Path root = tmp.resolve("gap");
    GenEvalLayout.writePrompt(root, 0, Grammar.singleObject(ShapeClass.STAR));
    GenEvalLayout.writePrompt(root, 2, Grammar.singleObject(ShapeClass.RING));
    for (int p : new int[] {0, 2}) {
      ImageFiles.writePng(Renderer.render(new SceneSampler().sample(Grammar.singleObject(ShapeClass.STAR), p)), sample(root, p, 0));
    }
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root)).hasMessageContaining("expected prompt folder 00001 here");
  }

  @Test
  void everyUnreadableImageIsListedAndNothingIsJudged() throws IOException {
    Path root = renderFolder(tmp.resolve("set"), true);
    byte[] png = Files.readAllBytes(sample(root, 0, 0));
    Files.write(sample(root, 0, 0), java.util.Arrays.copyOf(png, png.length - 20));
    Files.write(sample(root, 1, 1), new byte[0]);
    Files.writeString(sample(root, 2, 0), "this is text, not a picture");
    assertThatThrownBy(() -> FolderEvaluator.standard().evaluate(root))
        .isInstanceOf(EvaluationInputException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("00000" + java.io.File.separator + "samples" + java.io.File.separator + "0000.png: truncated PNG")
        .hasMessageContaining("0001.png: image file is empty")
        .hasMessageContaining("00002" + java.io.File.separator + "samples" + java.io.File.separator + "0000.png: not a PNG file");
    assertThat(root.resolve(ResultsFile.NAME)).doesNotExist();
  }

  @Test
  void oneImageInMemoryIsJudgedTheSameWay() {
    PromptSpec spec = Grammar.colors(org.ttsvar.world.Colour.PURPLE, ShapeClass.ARROW);
    var image = Renderer.render(new SceneSampler().sample(spec, 5));
    assertThat(MiniGenEval.judge(image, spec)).isEqualTo(new Verdict(true, ""));
    assertThat(MiniGenEval.judge(image, Grammar.colors(org.ttsvar.world.Colour.BLUE, ShapeClass.ARROW)).reason())
        .isEqualTo("expected blue arrow>=1, found 0 blue; and 1 purple");
    assertThat(MiniGenEval.judge(image, spec, "x.png").detections()).hasSize(1);
  }

  @Test
  void metadataWrittenByHandIsAccepted() throws Exception {
    // GenEval's own folders carry no run.json: only the layout is required
    Path root = tmp.resolve("geneval");
    PromptSpec spec = Grammar.counting(ShapeClass.HEART, 3);
    Files.createDirectories(root.resolve("00000/samples"));
    Files.writeString(root.resolve("00000/metadata.jsonl"), MetadataJson.toJson(spec));
    ImageFiles.writePng(Renderer.render(new SceneSampler().sample(spec, 11)), root.resolve("00000/samples/0000.png"));
    assertThat(FolderEvaluator.standard().evaluate(root).summary().overall()).isEqualTo(1.0);
  }
}
