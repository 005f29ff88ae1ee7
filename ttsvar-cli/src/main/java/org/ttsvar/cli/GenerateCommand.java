package org.ttsvar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.infinity.Sampling;
import org.ttsvar.models.infinity.Schedules;
import org.ttsvar.search.Decision;
import org.ttsvar.search.ScaleTrace;
import org.ttsvar.search.SearchEngine;
import org.ttsvar.search.SearchResult;
import org.ttsvar.search.SearchSpec;
import org.ttsvar.search.TtsVar;
import org.ttsvar.search.trace.SearchPage;
import org.ttsvar.search.trace.TraceJson;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.ImageFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate an image for a prompt with a VAR model and test-time search (TTS-VAR by default).",
      "The embedded model (default) reads GenEval's templates, e.g. \"a photo of a circle left of a square\".",
      "--model infinity runs Infinity-2B from its official files (--weights DIR) on any prompt text, encoded by",
      "  Flan-T5-XL (DIR/flan-t5-xl/, or --text-encoder FOLDER; --text-features FILE gives precomputed states). Its reward is ir",
      "  (ImageReward, from DIR/" + InfinityModels.IMAGEREWARD_FILE + " and DIR/" + InfinityModels.TOKENIZER_FILE + "); without those files only",
      "  raw sampling (which scores no image) runs on it.",
      "Writes DIR/image.png (the best), DIR/survivors/, DIR/trace.json and DIR/search.html.",
      "  ttsvar generate --replay DIR/trace.json --path I   regenerates survivor I alone from its streams",
      "  into DIR/replay-I.png (or into the folder given with --out). An Infinity trace records its files, schedule",
      "  and sampling, and the replay loads those (--weights, --model-file, --vae-file, --text-encoder, --text-features say where",
      "  the files are now if they moved)."
    })
final class GenerateCommand implements Callable<Integer>, EngineWarning.RunsModels {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PROMPT", description = "The prompt.")
  String prompt;

  @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}); same seed, same bytes.")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/<prompt>-<strategy>-n<N>-s<seed>; with --replay, the trace's folder).")
  Path out;

  @Option(names = "--json", description = "End standard output with one JSON summary object.")
  boolean json;

  @Option(names = "--replay", paramLabel = "TRACE", description = "Replay a survivor of a recorded search (trace.json).")
  Path replay;

  @Option(names = "--path", defaultValue = "0", description = "With --replay: the survivor's rank (default: ${DEFAULT-VALUE}, the chosen image).")
  int path;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "embedded",
      description = "embedded (the shipped 64×64 shapes model) or infinity (Infinity-2B from --weights DIR) (default: ${DEFAULT-VALUE}).")
  String family;

  @Mixin ModelOptions model;

  @Mixin InfinityOptions infinity;

  @Mixin SearchOptions search;

  @Override
  public Integer call() throws Exception {
    if (replay != null) {
      if (prompt != null) {
        throw new BadInputException("--replay regenerates the trace's own prompt; drop the prompt \"" + org.ttsvar.world.Messages.quote(prompt) + "\" or drop --replay");
      }
      return replay();
    }
    boolean onInfinity = onInfinity();
    if (prompt == null) {
      throw new BadInputException("give a prompt, e.g. ttsvar generate \"a photo of a red circle\"");
    }
    if (onInfinity) {
      return generateOnInfinity();
    }
    PromptSpec.parse(prompt); // fail early, with the grammar's message, before loading models
    if (out != null) {
      org.ttsvar.world.io.AtomicFiles.checkFolder(out); // a file, device or read-only place fails now, not after the search
    }
    SearchSpec wanted = search.spec();
    try (TextToImage t2i = model.load(); EmbeddedModels models = EmbeddedModels.load(t2i, model.varDir(), Map.of())) {
      TtsVar tts = wanted.build(new ModelRegistry(models, "command line"));
      var err = spec.commandLine().getErr();
      List<Integer> sides = t2i.var().config().scales();
      SearchEngine.Listener progress = (t, c) -> err.println(progressLine(t, sides, c.schedule().numScales()));
      SearchResult r = tts.generate(prompt, seed, progress);
      Map<String, String> setup = SearchOptions.setup(wanted, models);
      setup.put("model", model.describe(t2i));
      writeOutputs(r, sides, setup);
    }
    return Main.OK;
  }

  /** Which family --model names; the other family's flags are refused rather than ignored. */
  private boolean onInfinity() {
    boolean inf = InfinityOptions.chosenBy(family);
    checkFlagsFor(inf);
    return inf;
  }

  private void checkFlagsFor(boolean inf) {
    infinity.checkFlagsFor(inf, model);
  }

  /** Infinity: any prompt text, precomputed text features; the searches that score images need ImageReward's files. */
  private int generateOnInfinity() throws Exception {
    if (prompt.isBlank()) {
      throw new BadInputException("give a prompt, e.g. ttsvar generate \"a corgi wearing a red scarf\" --model infinity ...");
    }
    SearchSpec wanted = search.spec();
    Sampling sampling = InfinityOptions.sampling(model);
    Schedules.Schedule schedule = infinity.schedule();
    InfinityOptions.Inputs inputs = infinity.inputs();
    String irMissing = inputs.imageRewardMissing();
    if (wanted.strategy().usesReward() && irMissing != null) {
      throw new BadInputException("--strategy " + wanted.strategy().id() + " needs a reward; on Infinity that is ir (ImageReward), which needs its files: "
          + irMissing + " (the embedded rewards read only the shapes grammar and judge 64×64 renders); or use --strategy raw");
    }
    try (InfinityModels models = inputs.load(schedule, sampling)) {
      TtsVar tts = wanted.build(models);
      var err = spec.commandLine().getErr();
      List<int[]> grids = schedule.scales();
      SearchEngine.Listener progress = (t, c) -> err.println(gridProgressLine(t, grids, c.schedule().numScales()));
      SearchResult r = tts.generate(prompt, seed, progress);
      Map<String, String> setup = new java.util.TreeMap<>(InfinityOptions.setup(inputs, models, infinity.pn(), infinity.hDivW(), schedule, sampling));
      setup.put("reward", wanted.strategy().usesReward() ? wanted.rewardName(models) : "none (" + wanted.strategy().id() + " scores no image)");
      setup.put("extractor", wanted.extractorName(models.searchDefaults()));
      writeOutputs(r, grids.stream().map(g -> g[0]).toList(), setup); // the trace's "side" of a scale is its height; setup.infinity.scales has h×w
    }
    return Main.OK;
  }

  /** image.png, survivors/, trace.json, search.html, and the summary on standard output. */
  private void writeOutputs(SearchResult r, List<Integer> sides, Map<String, String> setup) throws java.io.IOException {
    Path dir = out != null ? out : Path.of("out", slug(prompt) + "-" + r.config().strategy().id() + "-n" + r.config().n() + "-s" + seed);
    Files.createDirectories(dir);
    ObjectNode trace = TraceJson.write(dir, r, sides, setup);
    SearchPage.write(dir.resolve("search.html"), r, sides, setup);
    var o = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    if (json) {
      o.println(MAPPER.writeValueAsString(summary(r, trace, dir)));
    } else {
      o.println(dir.resolve("image.png"));
      SearchResult.Stats s = r.stats();
      err.printf(
          "%s N=%d: best reward %s; %.2f s (model %.0f%%, decode %.0f%%, reward %.0f%%, features %.0f%%, search overhead %.2f%%); %s/search.html%n",
          r.config().strategy().id(), r.config().n(), Double.isNaN(r.survivors().get(0).reward()) ? "n/a" : String.format("%.3f", r.survivors().get(0).reward()),
          s.wallNanos() / 1e9, 100.0 * s.modelNanos() / s.wallNanos(), 100.0 * s.decodeNanos() / s.wallNanos(), 100.0 * s.rewardNanos() / s.wallNanos(),
          100.0 * s.featureNanos() / s.wallNanos(), 100.0 * s.overheadNanos() / s.wallNanos(), dir);
    }
  }

  static ObjectNode summary(SearchResult r, ObjectNode trace, Path dir) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("prompt", r.prompt());
    s.put("strategy", r.config().strategy().id());
    s.put("n", r.config().n());
    s.put("seed", r.seed());
    s.set("scales", trace.get("scales"));
    s.set("executed_batches", MAPPER.valueToTree(r.trace().stream().mapToInt(ScaleTrace::executedBatch).toArray()));
    ObjectNode decisions = s.putObject("decisions");
    for (ScaleTrace t : r.trace()) {
      if (t.decision() != Decision.NONE) {
        decisions.put(Integer.toString(t.scale()), t.decision().id());
      }
    }
    double best = r.survivors().get(0).reward();
    if (Double.isNaN(best)) {
      s.putNull("best_reward");
    } else {
      s.put("best_reward", best);
    }
    s.put("image", dir.resolve("image.png").toString());
    s.put("trace", dir.resolve("trace.json").toString());
    s.set("stats", trace.get("stats"));
    return s;
  }

  static String progressLine(ScaleTrace t, List<Integer> sides, int scales) {
    return gridProgressLine(t, sides.stream().map(side -> new int[] {side, side}).toList(), scales);
  }

  /** As {@link #progressLine}, for scales of h × w tokens. */
  static String gridProgressLine(ScaleTrace t, List<int[]> grids, int scales) {
    int[] hw = grids.get(t.scale());
    String decision = t.chosen() == null ? t.decision().id() : t.decision().id() + " → " + t.chosen().length;
    String rewards = t.rewards() == null ? "" : String.format(", best reward %.3f", Arrays.stream(t.rewards()).filter(Double::isFinite).max().orElse(Double.NaN));
    return String.format("scale %d/%d (%d×%d): batch %d, %s%s [%.0f ms]", t.scale() + 1, scales, hw[0], hw[1], t.executedBatch(), decision, rewards, t.timings().total() / 1e6);
  }

  /** The trace decides the model: an Infinity trace is replayed on the files it records (or those the flags name). */
  private int replay() throws Exception {
    JsonNode trace = TraceJson.read(replay);
    String p = trace.path("prompt").asText();
    long[] streams = TraceJson.streams(trace, path);
    TraceJson.survivorImage(trace, replay.toAbsolutePath().getParent(), path); // a path out of the trace's folder is refused before any work
    boolean onInfinity = InfinityOptions.isInfinityTrace(trace);
    if (!onInfinity && family.trim().equalsIgnoreCase(InfinityOptions.MODEL)) {
      throw new BadInputException(replay + " records a search on the embedded model, not on Infinity; drop --model infinity");
    }
    checkFlagsFor(onInfinity);
    if (onInfinity) {
      try (InfinityModels models = infinity.fromTrace(trace, model, replay)) {
        return writeReplay(trace, new SearchEngine(models.generator(), null, null).replay(p, streams));
      }
    }
    try (TextToImage t2i = model.load(); EmbeddedModels models = EmbeddedModels.load(t2i, model.varDir(), Map.of())) {
      return writeReplay(trace, new SearchEngine(models.generator(), null, null).replay(p, streams));
    }
  }

  private int writeReplay(JsonNode trace, RgbImage img) throws java.io.IOException {
    Path dir = replay.toAbsolutePath().getParent();
    Path file = (out != null ? out : dir).resolve(String.format("replay-%02d.png", path));
    Files.createDirectories(file.getParent());
    ImageFiles.writePng(img, file);
    Path recorded = TraceJson.survivorImage(trace, dir, path);
    boolean same = Files.isRegularFile(recorded) && Arrays.equals(Files.readAllBytes(recorded), Files.readAllBytes(file));
    spec.commandLine().getOut().println(file);
    spec.commandLine().getErr().println(same ? "identical to the recorded survivor " + recorded.getFileName()
        : "DIFFERS from the recorded survivor " + recorded + (InfinityOptions.isInfinityTrace(trace) ? InfinityOptions.threadsNote(trace) : ""));
    return same ? Main.OK : Main.FAILURE;
  }

  static String slug(String prompt) {
    String s = prompt.trim().toLowerCase(Locale.ROOT).replaceFirst("^a photo of ", "").replaceAll("[^a-z0-9]+", "-");
    s = s.length() > 60 ? s.substring(0, 60) : s;
    return s.isEmpty() || s.equals("-") ? "prompt" : s;
  }
}
