package org.ttsvar.models.embedded.var;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;

/**
 * Selecting rows (with repeats) mid-generation and continuing gives, byte for byte, the images of
 * generating each selected path alone with the same streams.
 */
class SelectPropertyTest {
  static NDManager manager;
  static VarModel model;
  static Tokenizer tokenizer;
  static final String PROMPT = "a photo of a red circle and a blue square";
  static final SamplingConfig SAMPLING = new SamplingConfig(2.0, 1.0, 0.97);

  @BeforeContainer
  static void load() {
    manager = NDManager.newBaseManager();
    model = TinyModels.var(manager, 11);
    tokenizer = TinyModels.tokenizer(manager, 12);
  }

  @AfterContainer
  static void close() {
    manager.close();
  }

  @Property(tries = 12)
  void selectedPathsEqualSoloPaths(
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll @IntRange(min = 0, max = 1) int selectAfter,
      @ForAll @Size(min = 1, max = 6) int[] rowSeeds,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    int[] rows = Arrays.stream(rowSeeds).map(r -> Math.floorMod(r, batch)).toArray();
    byte[][] batched;
    long[] startStreams;
    long[] afterStreams;
    try (Particles p = Particles.start(model, tokenizer, PROMPT, batch, seed, SAMPLING)) {
      startStreams = p.streams();
      for (int k = 0; k <= selectAfter; k++) {
        p.step();
      }
      p.select(rows);
      afterStreams = p.streams();
      while (!p.finished()) {
        p.step();
      }
      batched = Arrays.stream(p.decodeAll()).map(ImageFiles::encodePng).toArray(byte[][]::new);
    }
    for (int j = 0; j < rows.length; j++) {
      try (Particles solo = Particles.startWithStreams(model, tokenizer, PROMPT, new long[] {startStreams[rows[j]]}, SAMPLING)) {
        for (int k = 0; k <= selectAfter; k++) {
          solo.step();
        }
        solo.setStreams(new long[] {afterStreams[j]});
        while (!solo.finished()) {
          solo.step();
        }
        RgbImage img = solo.decodeAll()[0];
        assertThat(ImageFiles.encodePng(img)).as("path %d (row %d of %s)", j, rows[j], Arrays.toString(rows)).isEqualTo(batched[j]);
      }
    }
  }
}
