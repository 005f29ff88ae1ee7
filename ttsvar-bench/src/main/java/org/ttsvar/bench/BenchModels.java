package org.ttsvar.bench;

import java.util.List;
import org.ttsvar.search.SearchModels;
import org.ttsvar.world.RgbImage;

/**
 * What the benchmark needs from a model family, whatever runs it: what the search needs (generator,
 * defaults, the registry of rewards and extractors, where {@code oracle} names the verifier) plus an
 * image embedding for diversity and a description for the manifest. The command line adapts the
 * embedded DJL models to this; tests use pure-Java stand-ins.
 */
public interface BenchModels extends SearchModels {
  /** One embedding per image, for the diversity of a prompt's images (the paper's CLIP-Div). */
  double[][] embed(List<RgbImage> images);

  /** A one-line description of the models (names, weight files), recorded in the manifest. */
  String describe();
}
