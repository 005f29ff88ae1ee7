package org.ttsvar.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HalfPrecisionTest {
  @TempDir Path dir;

  @Property(tries = 500)
  void halfRoundTripIsWithinHalfAnUlp(@ForAll @FloatRange(min = -60000f, max = 60000f) float f) {
    float back = SafeTensors.halfToFloat(SafeTensors.floatToHalf(f));
    float ulp = Math.abs(f) < 6.1e-5f ? 0x1p-24f : Math.ulp(f) * (1 << 13);
    assertThat(Math.abs(back - f)).isLessThanOrEqualTo(ulp / 2 + 1e-12f);
  }

  @Test
  void exactValuesAndSpecialsSurvive() {
    for (float f : new float[] {0f, -0f, 1f, -2.5f, 65504f, 0x1p-24f, 0.099975586f}) {
      assertThat(SafeTensors.halfToFloat(SafeTensors.floatToHalf(f))).isEqualTo(f);
    }
    assertThat(SafeTensors.halfToFloat(SafeTensors.floatToHalf(1e6f))).isInfinite();
    assertThat(SafeTensors.halfToFloat(SafeTensors.floatToHalf(Float.NaN))).isNaN();
    // ties to even: 1 + 2^-11 lies halfway between 1 and 1 + 2^-10
    assertThat(SafeTensors.halfToFloat(SafeTensors.floatToHalf(1f + 0x1p-11f))).isEqualTo(1f);
  }

  @Test
  void f16FilesAreHalfTheSizeAndReadBackRounded() throws Exception {
    float[] v = new float[1000];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) Math.sin(i);
    }
    Path f32 = dir.resolve("a.safetensors");
    Path f16 = dir.resolve("b.safetensors");
    SafeTensors.write(f32, Map.of("w", new TensorData(new long[] {1000}, v)), Map.of());
    SafeTensors.write(f16, Map.of("w", new TensorData(new long[] {1000}, v)), Map.of(), DType.F16);
    assertThat(java.nio.file.Files.size(f16)).isLessThan(java.nio.file.Files.size(f32) / 2 + 200);
    float[] back = SafeTensors.readAll(f16).get("w").values();
    for (int i = 0; i < v.length; i++) {
      assertThat(back[i]).isEqualTo(SafeTensors.halfToFloat(SafeTensors.floatToHalf(v[i])));
    }
  }
}
