package org.ttsvar.search.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.Resampling;
import org.ttsvar.search.SearchConfig;
import org.ttsvar.search.SearchResult;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Messages;
import org.ttsvar.world.io.AtomicFiles;
import org.ttsvar.world.io.ImageFiles;

/**
 * Writes a search's outputs into a folder: {@code image.png} (the best), {@code survivors/NN.png}
 * (ranked), {@code scales/KK_RR.png} (every decoded intermediate image), and {@code trace.json}
 * (everything needed to inspect or replay the search). Stream ids are written as hexadecimal strings
 * so that readers without 64-bit integers keep them exact.
 */
public final class TraceJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TraceJson() {}

  /**
   * Writes the outputs of {@code r} into {@code dir}. A folder that holds an earlier search keeps no
   * image of it: the files this class names there ({@code survivors/NN.png}, {@code scales/KK_RR.png})
   * and the replays of the old trace ({@code replay-NN.png}) are removed first; other files stay.
   */
  public static ObjectNode write(Path dir, SearchResult r, List<Integer> sides, Map<String, String> setup) throws IOException {
    clearEarlierSearch(dir);
    Files.createDirectories(dir.resolve("survivors"));
    ImageFiles.writePng(r.best(), dir.resolve("image.png"));
    ObjectNode root = MAPPER.createObjectNode();
    root.put("prompt", r.prompt());
    root.put("seed", r.seed());
    SearchConfig c = r.config();
    root.put("strategy", c.strategy().id());
    root.put("n", c.n());
    root.set("scales", MAPPER.valueToTree(sides));
    ObjectNode sched = root.putObject("schedule");
    sched.set("batch_after", MAPPER.valueToTree(c.schedule().batchAfter()));
    sched.set("executed", MAPPER.valueToTree(c.schedule().executedBatches()));
    sched.set("cluster_scales", MAPPER.valueToTree(c.schedule().clusterScales()));
    sched.set("resample_scales", MAPPER.valueToTree(c.schedule().resampleScales()));
    root.put("potential", c.potential().id());
    root.put("lambda", c.lambda());
    root.put("resampling", c.resampling().method().id());
    if (c.resampling().essThreshold() != null) {
      root.put("ess_threshold", c.resampling().essThreshold());
    }
    if (c.resampling().diversityFloor() != null) {
      root.put("diversity_floor", c.resampling().diversityFloor());
    }
    if (c.narrowAbove() != null) {
      root.put("narrow_above", c.narrowAbove()); // a step whose decision is "narrow" is where it ended the widening
    }
    ObjectNode s = root.putObject("setup");
    setup.forEach(s::put);
    ArrayNode steps = root.putArray("steps");
    for (ScaleTrace t : r.trace()) {
      ObjectNode o = steps.addObject();
      o.put("scale", t.scale());
      o.put("side", sides.get(t.scale()));
      o.put("executed_batch", t.executedBatch());
      o.put("decision", t.decision().id());
      o.set("nodes", MAPPER.valueToTree(t.nodes()));
      o.set("parents", MAPPER.valueToTree(t.parents()));
      ArrayNode st = o.putArray("streams");
      for (long v : t.streams()) {
        st.add(Long.toHexString(v));
      }
      putIfPresent(o, "rewards", t.rewards());
      putIfPresent(o, "potentials", t.potentials());
      putIfPresent(o, "weights", t.weights());
      if (t.weights() != null) {
        o.put("ess", Resampling.effectiveSampleSize(t.weights())); // paths' worth of weight; with a threshold, a high one is thinned, not resampled
        o.put("resampled", !c.resampling().skips(t.weights()));
      }
      if (t.clusterOf() != null) {
        o.set("cluster_of", MAPPER.valueToTree(t.clusterOf()));
      }
      if (t.features() != null) {
        o.set("features", MAPPER.valueToTree(t.features()));
      }
      if (t.chosen() != null) {
        o.set("chosen", MAPPER.valueToTree(t.chosen()));
      }
      if (t.images() != null) {
        Files.createDirectories(dir.resolve("scales"));
        ArrayNode thumbs = o.putArray("images");
        for (int i = 0; i < t.images().size(); i++) {
          String name = String.format("scales/%02d_%02d.png", t.scale(), i);
          ImageFiles.writePng(t.images().get(i), dir.resolve(name));
          thumbs.add(name);
        }
      }
      ObjectNode ms = o.putObject("timings_ms");
      ms.put("model", t.timings().model() / 1e6);
      ms.put("decode", t.timings().decode() / 1e6);
      ms.put("reward", t.timings().reward() / 1e6);
      ms.put("features", t.timings().features() / 1e6);
      ms.put("search", t.timings().search() / 1e6);
    }
    ArrayNode surv = root.putArray("survivors");
    for (SearchResult.Survivor v : r.survivors()) {
      String name = String.format("survivors/%02d.png", v.rank());
      ImageFiles.writePng(v.image(), dir.resolve(name));
      ObjectNode o = surv.addObject();
      o.put("rank", v.rank());
      o.put("row", v.row());
      o.put("node", v.node());
      putNumber(o, "reward", v.reward());
      o.put("image", name);
      o.set("rows", MAPPER.valueToTree(v.rows()));
      ArrayNode st = o.putArray("streams");
      for (long x : v.streams()) {
        st.add(Long.toHexString(x));
      }
    }
    SearchResult.Stats x = r.stats();
    ObjectNode stats = root.putObject("stats");
    stats.put("wall_ms", x.wallNanos() / 1e6);
    stats.put("model_ms", x.modelNanos() / 1e6);
    stats.put("decode_ms", x.decodeNanos() / 1e6);
    stats.put("reward_ms", x.rewardNanos() / 1e6);
    stats.put("features_ms", x.featureNanos() / 1e6);
    stats.put("overhead_ms", x.overheadNanos() / 1e6);
    stats.put("overhead_fraction", (double) x.overheadNanos() / x.wallNanos());
    stats.put("decodes", x.decodes());
    stats.put("reward_calls", x.rewardCalls());
    stats.put("model_gflops", x.modelFlops() / 1e9);
    stats.put("peak_state_bytes", x.peakStateBytes());
    AtomicFiles.write(dir.resolve("trace.json"), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    return root;
  }

  private static final java.util.regex.Pattern SURVIVOR = java.util.regex.Pattern.compile("\\d{2,}\\.png");
  private static final java.util.regex.Pattern SCALE = java.util.regex.Pattern.compile("\\d{2,}_\\d{2,}\\.png");
  private static final java.util.regex.Pattern REPLAY = java.util.regex.Pattern.compile("replay-\\d{2,}\\.png");

  /** Removes the images an earlier search wrote into {@code dir} (only names this class writes). */
  static void clearEarlierSearch(Path dir) throws IOException {
    deleteMatching(dir.resolve("survivors"), SURVIVOR);
    deleteMatching(dir.resolve("scales"), SCALE);
    deleteMatching(dir, REPLAY);
  }

  private static void deleteMatching(Path dir, java.util.regex.Pattern names) throws IOException {
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (names.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.delete(p);
        }
      }
    }
  }

  private static void putIfPresent(ObjectNode o, String key, double[] values) {
    if (values != null) {
      ArrayNode a = o.putArray(key);
      for (double v : values) {
        if (Double.isFinite(v)) {
          a.add(v);
        } else {
          a.add(Double.toString(v)); // JSON has no NaN/Infinity
        }
      }
    }
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  public static JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + ": no such trace; give the trace.json written by 'ttsvar generate'");
    }
    try {
      return MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new BadInputException(file + ": not a readable trace (" + e.getMessage() + ")");
    }
  }

  /**
   * A survivor's streams from a trace, one per scale.
   *
   * @throws BadInputException naming the survivor and the scale when a stream is not a hexadecimal
   *     64-bit number
   */
  public static long[] streams(JsonNode trace, int survivor) {
    JsonNode s = trace.path("survivors");
    if (survivor < 0 || survivor >= s.size()) {
      throw new BadInputException("rank " + survivor + " is not a survivor; the trace has " + s.size() + " (ranks 0.." + (s.size() - 1) + ")");
    }
    JsonNode st = s.get(survivor).path("streams");
    if (!st.isArray() || st.isEmpty()) {
      throw new BadInputException("the trace's survivor " + survivor + " has no 'streams' (one hexadecimal stream id per scale); the trace is damaged");
    }
    long[] out = new long[st.size()];
    for (int i = 0; i < out.length; i++) {
      String hex = st.get(i).isTextual() ? st.get(i).asText() : st.get(i).toString();
      try {
        if (!hex.matches("[0-9a-fA-F]{1,16}")) {
          throw new NumberFormatException();
        }
        out[i] = Long.parseUnsignedLong(hex, 16);
      } catch (NumberFormatException e) {
        throw new BadInputException("the trace's survivor " + survivor + ", scale " + i + ": stream \"" + Messages.quote(hex, 40)
            + "\" is not a hexadecimal stream id (up to 16 hex digits); the trace is damaged");
      }
    }
    return out;
  }

  /**
   * The recorded image of a survivor, a path inside the trace's folder {@code dir}.
   *
   * @throws BadInputException when the trace names no image, or one outside its folder (an absolute
   *     path, {@code ..}, or a link that leads out)
   */
  public static Path survivorImage(JsonNode trace, Path dir, int survivor) {
    JsonNode s = trace.path("survivors");
    if (survivor < 0 || survivor >= s.size()) {
      throw new BadInputException("rank " + survivor + " is not a survivor; the trace has " + s.size() + " (ranks 0.." + (s.size() - 1) + ")");
    }
    JsonNode name = s.get(survivor).path("image");
    if (!name.isTextual() || name.asText().isEmpty()) {
      throw new BadInputException("the trace's survivor " + survivor + " names no 'image'; the trace is damaged");
    }
    Path base = dir.toAbsolutePath().normalize();
    Path p;
    try {
      p = base.resolve(name.asText()).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new BadInputException("the trace's survivor " + survivor + " has an invalid image path \"" + Messages.quote(name.asText(), 80) + "\"");
    }
    boolean inside = !Path.of(name.asText()).isAbsolute() && p.startsWith(base) && !p.equals(base);
    if (inside && Files.exists(p)) {
      try {
        inside = p.toRealPath().startsWith(base.toRealPath());
      } catch (IOException e) {
        inside = false;
      }
    }
    if (!inside) {
      throw new BadInputException("the trace's survivor " + survivor + " image \"" + Messages.quote(name.asText(), 80) + "\" is outside the trace's folder " + base
          + "; a trace names its images relative to its folder (survivors/NN.png)");
    }
    return p;
  }
}
