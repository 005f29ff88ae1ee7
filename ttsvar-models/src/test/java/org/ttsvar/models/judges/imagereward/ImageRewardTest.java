package org.ttsvar.models.judges.imagereward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
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
import org.ttsvar.tensor.Resize;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.PthFile;
import org.ttsvar.world.RgbImage;

/**
 * Parity with the reference (THUDM/ImageReward, run by {@code tools/parity/imagereward/make_goldens.py}):
 * a tiny random ImageReward in the release's layout, the release's preprocessing of a 256 px image, the
 * image tokens, the text tower's [CLS] state and the reward; and the loader against the full-size key list.
 */
class ImageRewardTest {
  static final String PT = "tiny_imagereward.pt";
  private static NDManager manager;
  private static ImageReward model;
  private static Map<String, TensorData> golden;

  static Path resource(String name) {
    return Goldens.resource("imagereward", name);
  }

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager();
    model = ImageReward.load(resource(PT), manager);
    golden = SafeTensors.readAll(resource("golden.safetensors"));
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  private static NDArray goldenArray(NDManager m, String name) {
    return Goldens.array(m, golden.get(name));
  }

  private static double maxAbs(NDArray got, String name) {
    return Goldens.maxAbs(got, golden.get(name), name);
  }

  @Test
  void sizesComeFromTheCheckpointsShapes() {
    assertThat(model.config()).isEqualTo(new ImageReward.Config(new VitConfig(192, 2, 3, 16, 0, 14, 768, false, Resize.Mode.BICUBIC), 128, 2, 2, 512, 130, 40));
  }

  @Test
  void preprocessingIsTheReleasesBitForBit() throws IOException {
    try (NDManager m = manager.newSubManager()) {
      RgbImage img = Goldens.image(resource("input.png"));
      NDArray pixels = ImageRewardPreprocessing.pixels(m, List.of(img));
      assertThat(pixels.getShape()).isEqualTo(new Shape(1, 3, 224, 224));
      double d = maxAbs(pixels, "pixels");
      System.out.printf("imagereward preprocessing: pixels max |Δ| = %.3g%n", d);
      assertThat(d).isLessThan(1e-6);
    }
  }

  @Test
  void everyStageMatchesTheReference() {
    try (NDManager m = manager.newSubManager()) {
      NDArray pixels = goldenArray(m, "pixels").expandDims(0); // (1, 3, 224, 224)
      NDArray ids = goldenArray(m, "input_ids").toType(DataType.INT64, false).expandDims(0); // (1, 35)
      NDArray mask = goldenArray(m, "attention_mask").expandDims(0); // (1, 35)
      NDArray image = model.imageEmbeds(pixels);
      double dImage = maxAbs(image, "image_embeds");
      NDArray cls = model.textCls(ids, mask, image);
      double dCls = maxAbs(cls, "text_cls");
      NDArray raw = model.head(cls);
      double dRaw = maxAbs(raw, "reward_raw");
      double dReward = maxAbs(ImageReward.normalise(raw).reshape(-1), "reward");
      double dScore = maxAbs(model.score(pixels.concat(pixels, 0), ids, mask).get(1), "reward");
      System.out.printf("imagereward parity max |Δ|: image embeds %.3g, text cls %.3g, raw reward %.3g, reward %.3g, batched score %.3g (reward %.6f)%n",
          dImage, dCls, dRaw, dReward, dScore, golden.get("reward").values()[0]);
      assertThat(dImage).isLessThan(1e-4);
      assertThat(dCls).isLessThan(1e-4);
      assertThat(dReward).isLessThan(1e-4);
      assertThat(dScore).isLessThan(1e-4);
    }
  }

  @Test
  void theFullSizeKeyListIsWhatTheLoaderTakes() throws IOException {
    JsonNode json = new ObjectMapper().readTree(resource("imagereward_keys.json").toFile());
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
    try (ImageReward full = ImageReward.load(NamedTensors.shapesOnly("ImageReward.pt", shapes), manager)) {
      assertThat(full.config()).isEqualTo(new ImageReward.Config(new VitConfig(1024, 24, 16, 16, 0, 14, 4096, false, Resize.Mode.BICUBIC), 768, 12, 12, 3072, 30524, 512));
    }
    assertThat(shapes).hasSize(625);
  }

  @Test
  void loadingIsStrictAndNamesTheFileAndTensor() throws IOException {
    Map<String, long[]> good = new TreeMap<>();
    try (PthFile pth = PthFile.open(resource(PT))) {
      pth.entries().forEach((k, v) -> good.put(k, v.shape()));
    }
    Map<String, long[]> missing = new TreeMap<>(good);
    missing.remove("blip.text_encoder.encoder.layer.1.crossattention.self.key.bias");
    assertThatThrownBy(() -> ImageReward.load(NamedTensors.shapesOnly("f.pt", missing), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("f.pt").hasMessageContaining("missing tensor 'blip.text_encoder.encoder.layer.1.crossattention.self.key.bias'");
    Map<String, long[]> extra = new TreeMap<>(good);
    extra.put("blip.itm_head.weight", new long[] {2, 128});
    assertThatThrownBy(() -> ImageReward.load(NamedTensors.shapesOnly("f.pt", extra), manager))
        .isInstanceOf(CorruptWeightsException.class).hasMessageContaining("unexpected tensor 'blip.itm_head.weight'");
  }
}
