package org.ttsvar.world.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.Renderer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.SceneSampler;
import org.ttsvar.world.ShapeClass;

class GenEvalLayoutTest {
  @TempDir Path root;

  @Test
  void writesAndScansGenEvalsLayout() throws IOException {
    PromptSpec a = Grammar.singleObject(ShapeClass.RING), b = Grammar.counting(ShapeClass.STAR, 2);
    GenEvalLayout.writePrompt(root, 0, a);
    Path dir = GenEvalLayout.writePrompt(root, 1, b);
    RgbImage img = Renderer.render(new SceneSampler().sample(b, 1));
    ImageFiles.writePng(img, GenEvalLayout.samplePath(dir, 1));
    ImageFiles.writePng(img, GenEvalLayout.samplePath(dir, 0));
    Files.writeString(dir.resolve("samples").resolve("notes.txt"), "ignored");

    assertThat(root.resolve("00001/metadata.jsonl")).hasContent(MetadataJson.toJson(b));
    var folders = GenEvalLayout.scan(root);
    assertThat(folders).extracting(GenEvalLayout.PromptFolder::spec).containsExactly(a, b);
    assertThat(folders.get(0).samples()).isEmpty();
    assertThat(folders.get(1).samples()).extracting(p -> p.getFileName().toString()).containsExactly("0000.png", "0001.png");
    assertThat(ImageFiles.read(folders.get(1).samples().get(0))).isEqualTo(img);
  }

  @Test
  void scanErrorsSayWhatAndWhere() throws IOException {
    assertThatThrownBy(() -> GenEvalLayout.scan(root.resolve("nope"))).isInstanceOf(MetadataException.class).hasMessageContaining("no such folder");
    assertThatThrownBy(() -> GenEvalLayout.scan(root)).isInstanceOf(MetadataException.class).hasMessageContaining("holds no prompt folders");
    Files.createDirectories(root.resolve("00000"));
    assertThatThrownBy(() -> GenEvalLayout.scan(root)).isInstanceOf(MetadataException.class).hasMessageContaining("00000").hasMessageContaining("metadata.jsonl: missing");
    Files.writeString(root.resolve("00000/metadata.jsonl"), MetadataJson.toJson(Grammar.singleObject(ShapeClass.STAR)) + "\n" + MetadataJson.toJson(Grammar.singleObject(ShapeClass.RING)) + "\n");
    assertThatThrownBy(() -> GenEvalLayout.scan(root)).isInstanceOf(MetadataException.class).hasMessageContaining("expected exactly one JSON line, found 2");
  }

  @Test
  void unreadableImagesAreNamed() throws IOException {
    Path empty = Files.createFile(root.resolve("0000.png"));
    assertThatThrownBy(() -> ImageFiles.read(empty)).isInstanceOf(IOException.class).hasMessageContaining("0000.png").hasMessageContaining("empty");
    Path text = Files.writeString(root.resolve("0001.png"), "not a png");
    assertThatThrownBy(() -> ImageFiles.read(text)).isInstanceOf(IOException.class).hasMessageContaining("0001.png").hasMessageContaining("not a readable image");
    byte[] png = ImageFiles.encodePng(Renderer.render(new SceneSampler().sample(Grammar.singleObject(ShapeClass.STAR), 2)));
    Path truncated = Files.write(root.resolve("0002.png"), java.util.Arrays.copyOf(png, png.length / 2));
    assertThatThrownBy(() -> ImageFiles.read(truncated)).isInstanceOf(IOException.class).hasMessageContaining("0002.png");
    assertThatThrownBy(() -> ImageFiles.read(root.resolve("0003.png"))).isInstanceOf(IOException.class).hasMessageContaining("not found");
  }

  @Test
  void pngsThatImageIoWouldAcceptAreCheckedForTruncationAndCorruption() throws IOException {
    RgbImage img = Renderer.render(new SceneSampler().sample(Grammar.singleObject(ShapeClass.HEART), 4));
    byte[] png = ImageFiles.encodePng(img);
    Path whole = Files.write(root.resolve("whole.png"), png);
    assertThat(ImageFiles.readPng(whole)).isEqualTo(img);
    // without its IEND chunk and the last bytes of the data chunk: ImageIO alone decodes this
    byte[] cutBytes = java.util.Arrays.copyOf(png, png.length - 20);
    assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(cutBytes))).as("ImageIO alone accepts it").isNotNull();
    Path cut = Files.write(root.resolve("cut.png"), cutBytes);
    assertThatThrownBy(() -> ImageFiles.readPng(cut)).isInstanceOf(IOException.class).hasMessageContaining("cut.png: truncated PNG");
    assertThatThrownBy(() -> ImageFiles.read(cut)).isInstanceOf(IOException.class).hasMessageContaining("truncated PNG");
    Path noEnd = Files.write(root.resolve("noend.png"), java.util.Arrays.copyOf(png, png.length - 12));
    assertThatThrownBy(() -> ImageFiles.readPng(noEnd)).hasMessageContaining("ends before its IEND chunk");
    byte[] flipped = png.clone();
    flipped[flipped.length - 20] ^= 0x01; // inside the last data chunk
    Path bad = Files.write(root.resolve("bad.png"), flipped);
    assertThatThrownBy(() -> ImageFiles.readPng(bad)).isInstanceOf(IOException.class).hasMessageContaining("corrupt PNG");
    java.io.ByteArrayOutputStream bmp = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img.toBufferedImage(), "bmp", bmp);
    Path other = Files.write(root.resolve("other.png"), bmp.toByteArray());
    assertThat(ImageFiles.read(other)).isEqualTo(img);
    assertThatThrownBy(() -> ImageFiles.readPng(other)).isInstanceOf(IOException.class).hasMessageContaining("not a PNG file");
  }
}
