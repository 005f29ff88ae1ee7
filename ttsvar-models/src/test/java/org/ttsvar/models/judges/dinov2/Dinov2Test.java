package org.ttsvar.models.judges.dinov2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ttsvar.models.judges.Goldens;
import org.ttsvar.models.nn.VitConfig;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.NamedTensors;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.PthFile;
import org.ttsvar.world.RgbImage;

/**
 * Parity with the reference (facebookresearch/dinov2) on the goldens of
 * {@code tools/parity/dinov2/make_goldens.py}: a tiny random ViT-reg4 in the official layout, the
 * release's preprocessing of a 256 px image, each stage of the forward pass; and the loader against the
 * full-size ViT-L/14-reg4 key list, shapes only.
 */
class Dinov2Test {
  private static final String PTH = "tiny_dinov2_reg4.pth";
  private static NDManager manager;
  private static Dinov2 model;
  private static Map<String, TensorData> golden;

  static Path resource(String name) {
    return Goldens.resource("dinov2", name);
  }

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager();
    model = Dinov2.load(resource(PTH), manager);
    golden = SafeTensors.readAll(resource("golden.safetensors"));
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  static RgbImage inputImage() throws IOException {
    return Goldens.image(resource("input.png"));
  }

  private static NDArray goldenArray(NDManager m, String name) {
    return Goldens.array(m, golden.get(name));
  }

  private static double maxAbs(NDArray got, String name) {
    return Goldens.maxAbs(got, golden.get(name), name);
  }

  @Test
  void sizesComeFromTheCheckpointsShapes() {
    assertThat(model.config()).isEqualTo(new VitConfig(128, 2, 2, 14, 4, 20, 512, true, org.ttsvar.tensor.Resize.Mode.BICUBIC_ANTIALIAS));
  }

  @Test
  void preprocessingIsTheReleasesBitForBit() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      NDArray pixels = Dinov2Preprocessing.pixels(m, List.of(inputImage())); // (1, 3, 224, 224)
      assertThat(pixels.getShape()).isEqualTo(new Shape(1, 3, 224, 224));
      double d = maxAbs(pixels, "pixels");
      System.out.printf("dinov2 preprocessing: pixels max |Δ| = %.3g%n", d);
      assertThat(d).isLessThan(1e-6);
    }
  }

  @Test
  void everyStageMatchesTheReference() {
    try (NDManager m = manager.newSubManager()) {
      NDArray pixels = goldenArray(m, "pixels").expandDims(0); // (1, 3, 224, 224)
      double patch = maxAbs(model.vit().patchEmbed().forward(pixels), "patch_embed");
      double pos = maxAbs(model.vit().positions().forGrid(m, 16, 16), "pos_embed");
      double block0 = maxAbs(model.vit().block(0).forward(model.vit().embed(pixels)), "block0");
      double tokens = maxAbs(model.patchTokens(pixels), "patch_tokens");
      System.out.printf("dinov2 parity max |Δ|: patch embedding %.3g, positions %.3g, block 0 %.3g, patch tokens %.3g%n", patch, pos, block0, tokens);
      assertThat(patch).isLessThan(1e-5);
      assertThat(pos).isLessThan(1e-5);
      assertThat(block0).isLessThan(1e-4);
      assertThat(tokens).isLessThan(1e-4);
    }
  }

  @Test
  void imagesToPatchTokensBatched() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      RgbImage img = inputImage();
      NDArray tokens = model.patchTokens(m, List.of(img, img)); // (2, 256, 128)
      assertThat(tokens.getShape()).isEqualTo(new Shape(2, 256, 128));
      double d = Math.max(maxAbs(tokens.get(0), "patch_tokens"), maxAbs(tokens.get(1), "patch_tokens"));
      System.out.printf("dinov2 image → patch tokens, batch of 2: max |Δ| = %.3g%n", d);
      assertThat(d).isLessThan(1e-4);
    }
  }

  @Test
  void forwardLeavesNothingInTheModelsManager() throws IOException {
    try (NDManager own = NDManager.newBaseManager(); NDManager data = NDManager.newBaseManager(); Dinov2 second = Dinov2.load(resource(PTH), own)) {
      NDArray pixels = goldenArray(data, "pixels").expandDims(0);
      int before = ((BaseNDManager) own).getManagedArrays().size();
      second.patchTokens(pixels);
      assertThat(((BaseNDManager) own).getManagedArrays()).hasSize(before);
    }
  }

  static Map<String, long[]> shapes(PthFile pth) {
    Map<String, long[]> out = new TreeMap<>();
    pth.entries().forEach((k, v) -> out.put(k, v.shape()));
    return out;
  }

  @Test
  void theFullSizeKeyListIsWhatTheLoaderTakes() throws IOException {
    JsonNode json = new ObjectMapper().readTree(resource("dinov2_vitl14_reg4_keys.json").toFile());
    Map<String, long[]> shapes = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode s = e.getValue().get("shape");
      long[] shape = new long[s.size()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = s.get(i).asLong();
      }
      shapes.put(e.getKey(), shape);
    }
    try (Dinov2 full = Dinov2.load(NamedTensors.shapesOnly("dinov2_vitl14_reg4_pretrain.pth", shapes), manager)) {
      assertThat(full.config()).isEqualTo(new VitConfig(1024, 24, 16, 14, 4, 37, 4096, true, org.ttsvar.tensor.Resize.Mode.BICUBIC_ANTIALIAS));
    }
    assertThat(shapes).hasSize(4 + 2 + 24 * 14 + 2); // cls, pos, registers, mask; patch embedding; 14 per block; norm
  }

  @Test
  void loadingIsStrictAndNamesTheFileAndTensor() throws IOException {
    Map<String, long[]> good;
    try (PthFile pth = PthFile.open(resource(PTH))) {
      good = shapes(pth);
    }
    Map<String, long[]> missing = new TreeMap<>(good);
    missing.remove("blocks.1.ls2.gamma");
    assertThatThrownBy(() -> Dinov2.load(NamedTensors.shapesOnly("f.pth", missing), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("f.pth").hasMessageContaining("missing tensor 'blocks.1.ls2.gamma'");
    Map<String, long[]> extra = new TreeMap<>(good);
    extra.put("head.weight", new long[] {10, 128});
    assertThatThrownBy(() -> Dinov2.load(NamedTensors.shapesOnly("f.pth", extra), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("f.pth").hasMessageContaining("unexpected tensor 'head.weight'")
        .hasMessageNotContaining("blocks");
    Map<String, long[]> misShaped = new TreeMap<>(good);
    misShaped.put("blocks.0.attn.proj.weight", new long[] {128, 127});
    assertThatThrownBy(() -> Dinov2.load(NamedTensors.shapesOnly("f.pth", misShaped), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("f.pth").hasMessageContaining("'blocks.0.attn.proj.weight' has shape [128, 127], expected [128, 128]");
    Map<String, long[]> noRegisters = new TreeMap<>(good);
    noRegisters.remove("register_tokens");
    assertThatThrownBy(() -> Dinov2.load(NamedTensors.shapesOnly("f.pth", noRegisters), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("f.pth").hasMessageContaining("not a DINOv2 with registers");
  }
}
