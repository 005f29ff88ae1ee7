package org.ttsvar.models.infinity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.ttsvar.tensor.CorruptWeightsException;
import org.ttsvar.tensor.SafeTensors;
import org.ttsvar.tensor.TensorData;
import org.ttsvar.tensor.pth.PthFile;

/**
 * Parity of the BSQ VAE decoder and the summed codes with the reference (goldens by
 * tools/parity/infinity/make_goldens.py running FoundationVision/Infinity itself on a tiny random VAE).
 */
class BsqVaeDecoderTest {
  static Path resource(String name) {
    try {
      return Path.of(BsqVaeDecoderTest.class.getResource("/infinity/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static final Path VAE = resource("tiny_vae.pth");

  static NDArray golden(NDManager m, SafeTensors g, String name) throws IOException {
    TensorData t = g.read(name);
    return m.create(t.values(), new Shape(t.shape()));
  }

  static float maxAbsDiff(NDArray a, NDArray b) {
    assertThat(a.getShape()).isEqualTo(b.getShape());
    return a.sub(b).abs().max().getFloat();
  }

  static int[][] schedule(SafeTensors g) throws IOException {
    return new ObjectMapper().readValue(g.metadata().get("schedule"), int[][].class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void summedCodesAndNextScaleInputsMatchTheReference(String file) throws IOException {
    try (NDManager m = NDManager.newBaseManager(); SafeTensors g = SafeTensors.open(resource(file))) {
      int[][] sched = schedule(g);
      int last = sched.length - 1;
      try (SummedCodes sum = new SummedCodes(m, 1, 32, sched[last][0], sched[last][1])) {
        float worst = 0;
        for (int k = 0; k <= last; k++) {
          int h = sched[k][0], w = sched[k][1];
          sum.add(golden(m, g, "scale." + k + ".bits").expandDims(0), h, w);
          NDArray expected = golden(m, g, k < last ? "scale." + k + ".summed" : "vae.z").expandDims(0);
          worst = Math.max(worst, maxAbsDiff(sum.summed(), expected));
          if (k < last) {
            NDArray input = sum.nextInput(sched[k + 1][0], sched[k + 1][1]);
            worst = Math.max(worst, maxAbsDiff(input, golden(m, g, "scale." + (k + 1) + ".input").expandDims(0)));
          }
        }
        System.out.printf("%s: summed codes and next-scale inputs max |Δ| = %.3g%n", file, worst);
        assertThat(worst).isLessThanOrEqualTo(1e-6f);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"golden_r1_006M.safetensors", "golden_r05_006M.safetensors"})
  void decodedImageMatchesTheReference(String file) throws IOException {
    try (NDManager m = NDManager.newBaseManager();
        SafeTensors g = SafeTensors.open(resource(file));
        BsqVaeDecoder vae = BsqVaeDecoder.load(VAE, m)) {
      NDArray image = vae.decode(golden(m, g, "vae.z").expandDims(0)); // (1, 3, H, W)
      NDArray expected = golden(m, g, "image").transpose(2, 0, 1).expandDims(0); // (1, 3, H, W)
      float diff = maxAbsDiff(image, expected);
      System.out.printf("%s: image max |Δ| = %.3g%n", file, diff);
      assertThat(diff).isLessThanOrEqualTo(1e-3f);
      // the golden VAE keeps almost every pixel inside the clamp, so the comparison sees the decoder itself
      assertThat(expected.abs().lt(0.999f).sum().getLong()).isGreaterThan((long) (0.99 * expected.size()));
    }
  }

  @Test
  void sizesComeFromTheCheckpointAndEveryDecoderTensorIsUsed() throws IOException {
    try (NDManager m = NDManager.newBaseManager(); BsqVaeDecoder vae = BsqVaeDecoder.load(VAE, m); PthFile pth = PthFile.open(VAE)) {
      long decoderValues = pth.entries("vae").entrySet().stream()
          .filter(e -> e.getKey().startsWith("decoder."))
          .mapToLong(e -> e.getValue().numel())
          .sum();
      assertThat(vae.parameters()).isEqualTo(decoderValues);
      assertThat(vae.codeDim()).isEqualTo(32);
      assertThat(vae.stride()).isEqualTo(16);
    }
  }

  @Test
  void acceptsTheShortNamesLoadCnnAccepts() throws IOException {
    try (NDManager m = NDManager.newBaseManager(); PthFile pth = PthFile.open(VAE)) {
      TensorSource canonical = TensorSource.of(pth, "vae");
      TensorSource shortNames = renamed(canonical, Weights::alias);
      assertThat(shortNames.names()).contains("decoder.conv_in.weight", "decoder.mid.block_1.norm1.bias")
          .doesNotContain("decoder.conv_in.conv.weight");
      try (BsqVaeDecoder a = BsqVaeDecoder.load(canonical, m); BsqVaeDecoder b = BsqVaeDecoder.load(shortNames, m)) {
        NDArray z = m.randomNormal(new Shape(1, 32, 2, 3));
        assertThat(maxAbsDiff(a.decode(z), b.decode(z))).isEqualTo(0f);
      }
    }
  }

  @Test
  void refusesAMissingAMisShapedAndAnUnexpectedTensorNamingFileAndTensor() throws IOException {
    try (NDManager m = NDManager.newBaseManager(); PthFile pth = PthFile.open(VAE)) {
      TensorSource src = TensorSource.of(pth, "vae");
      String victim = "decoder.up.1.block.0.conv2.conv.weight";

      TensorSource missing = filtered(src, Set.of(victim), Map.of(), Set.of());
      assertThatThrownBy(() -> BsqVaeDecoder.load(missing, m)).isInstanceOf(CorruptWeightsException.class)
          .hasMessageContaining("tiny_vae.pth").hasMessageContaining("missing tensor '" + victim + "'");

      TensorSource misShaped = filtered(src, Set.of(), Map.of(victim, new long[] {32, 32, 1, 1}), Set.of());
      assertThatThrownBy(() -> BsqVaeDecoder.load(misShaped, m)).isInstanceOf(CorruptWeightsException.class)
          .hasMessageContaining("tiny_vae.pth").hasMessageContaining(victim).hasMessageContaining("[32, 32, 1, 1]");

      TensorSource extra = filtered(src, Set.of(), Map.of(), Set.of("decoder.mid.attn_1.q.weight"));
      assertThatThrownBy(() -> BsqVaeDecoder.load(extra, m)).isInstanceOf(CorruptWeightsException.class)
          .hasMessageContaining("tiny_vae.pth").hasMessageContaining("unexpected tensor [decoder.mid.attn_1.q.weight]");

      TensorSource plainStateDict = TensorSource.of(pth, "");
      assertThatThrownBy(() -> BsqVaeDecoder.load(plainStateDict, m)).isInstanceOf(CorruptWeightsException.class)
          .hasMessageContaining("missing tensor 'decoder.conv_in.conv.weight' (or 'decoder.conv_in.weight')");
    }
  }

  /** src with its names mapped by {@code rename}. */
  static TensorSource renamed(TensorSource src, UnaryOperator<String> rename) {
    Map<String, String> back = src.names().stream().collect(Collectors.toMap(rename, n -> n));
    return new TensorSource() {
      public String where() {
        return src.where();
      }

      public Set<String> names() {
        return back.keySet();
      }

      public long[] shape(String name) {
        return src.shape(back.get(name));
      }

      public TensorData read(String name) throws IOException {
        return src.read(back.get(name));
      }
    };
  }

  /** src without {@code drop}, with {@code reshaped} shapes reported, and {@code added} (empty) names. */
  static TensorSource filtered(TensorSource src, Set<String> drop, Map<String, long[]> reshaped, Set<String> added) {
    Set<String> names = new LinkedHashSet<>(src.names());
    names.removeAll(drop);
    names.addAll(added);
    return new TensorSource() {
      public String where() {
        return src.where();
      }

      public Set<String> names() {
        return names;
      }

      public long[] shape(String name) {
        return reshaped.containsKey(name) ? reshaped.get(name) : added.contains(name) ? new long[] {1} : src.shape(name);
      }

      public TensorData read(String name) throws IOException {
        long[] s = shape(name);
        return reshaped.containsKey(name) || added.contains(name)
            ? new TensorData(s, new float[(int) Arrays.stream(s).reduce(1, (a, b) -> a * b)])
            : src.read(name);
      }
    };
  }
}
