package org.ttsvar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.infinity.PrecomputedTextFeatures;
import org.ttsvar.models.infinity.Sampling;
import org.ttsvar.models.infinity.Schedules;
import org.ttsvar.models.infinity.T5Encoder;
import org.ttsvar.models.infinity.T5TextFeatures;
import org.ttsvar.models.infinity.TextFeatures;
import org.ttsvar.world.BadInputException;
import picocli.CommandLine.Option;

/**
 * The options of {@code generate --model infinity}: where the official files are (the Flan-T5-XL text encoder
 * among them, or precomputed text features instead), and the schedule. The sampling knobs are
 * {@link ModelOptions}' {@code --cfg/--tau/--top-p}, with Infinity's defaults.
 *
 * <p>A search on Infinity records these choices in its trace's setup ({@link #setup}); a replay rebuilds the
 * model from there ({@link #fromTrace}), with the files overridable by the same flags when they moved.
 */
final class InfinityOptions {
  static final String MODEL = "infinity";
  static final String DEFAULT_PN = "0.06M";
  static final double DEFAULT_H_DIV_W = 1.0;

  /** The text the messages give on where the text conditioning comes from. */
  static final String TEXT_ENCODER_HOW = "Infinity encodes the prompt with Flan-T5-XL: give --weights DIR holding " + T5Encoder.FOLDER + "/ (" + T5Encoder.SOURCE
      + "), or --text-encoder FOLDER, or --text-features FILE with precomputed states ('" + PrecomputedTextFeatures.TENSOR + "' [T, 2048] F32)";

  @Option(names = "--weights", paramLabel = "DIR", description = {
      "With --model infinity: the folder holding " + InfinityModels.MODEL_FILE + ", " + InfinityModels.VAE_FILE + ", the text encoder "
          + T5Encoder.FOLDER + "/ and, optionally, " + InfinityModels.DINOV2_FILE + " (the pca and pool extractors) and " + InfinityModels.IMAGEREWARD_FILE
          + " with " + InfinityModels.TOKENIZER_FILE + " (the reward ir)."})
  Path weights;

  @Option(names = "--model-file", paramLabel = "PTH", description = "With --model infinity: the transformer checkpoint (default: DIR/" + InfinityModels.MODEL_FILE + ").")
  Path modelFile;

  @Option(names = "--vae-file", paramLabel = "PTH", description = "With --model infinity: the BSQ VAE checkpoint (default: DIR/" + InfinityModels.VAE_FILE + ").")
  Path vaeFile;

  @Option(names = "--dinov2-file", paramLabel = "PTH", description = "With --model infinity: the DINOv2 checkpoint (default: DIR/" + InfinityModels.DINOV2_FILE
      + " when it is there).")
  Path dinov2File;

  @Option(names = "--text-encoder", paramLabel = "FOLDER", description = "With --model infinity: the Flan-T5-XL folder as the hub ships it (config.json, "
      + "model-*.safetensors with their index, spiece.model) (default: DIR/" + T5Encoder.FOLDER + ").")
  Path textEncoder;

  @Option(names = "--text-features", paramLabel = "FILE", description = {
      "With --model infinity, instead of the text encoder: a safetensors file with '" + PrecomputedTextFeatures.TENSOR
          + "' [T, 2048], the Flan-T5-XL encoder states of the prompt's tokens, computed elsewhere."})
  Path textFeatures;

  @Option(names = "--pn", paramLabel = "PN", description = "With --model infinity: the scale schedule, 0.06M (256 px, 7 scales), 0.25M (10), 0.60M (12) or 1M (1024 px, 13) (default: "
      + DEFAULT_PN + ").")
  String pn;

  @Option(names = "--h-div-w", paramLabel = "R", description = "With --model infinity: the aspect ratio h/w from Infinity's templates: 1, 1.25, 1.333, 1.5, 1.75, 2, 2.5, 3"
      + " or 0.8, 0.75, 0.666, 0.571, 0.5, 0.4, 0.333 (default: 1).")
  Double hDivW;

  /** The flags of this class that were given, for refusing them with another model. */
  List<String> given() {
    List<String> g = new ArrayList<>();
    if (weights != null) g.add("--weights");
    if (modelFile != null) g.add("--model-file");
    if (vaeFile != null) g.add("--vae-file");
    if (dinov2File != null) g.add("--dinov2-file");
    if (textEncoder != null) g.add("--text-encoder");
    if (textFeatures != null) g.add("--text-features");
    if (pn != null) g.add("--pn");
    if (hDivW != null) g.add("--h-div-w");
    return g;
  }

  /** The sampling of {@code --cfg/--tau/--top-p}, Infinity's defaults for the unset ones. */
  /**
   * Whether {@code --model} names Infinity (else the embedded model), refusing an unknown family.
   *
   * @throws BadInputException for a family other than embedded and infinity
   */
  static boolean chosenBy(String family) {
    String f = family.trim().toLowerCase(java.util.Locale.ROOT);
    if (!f.equals("embedded") && !f.equals(MODEL)) {
      throw new BadInputException("--model " + family + ": unknown model; known: embedded, infinity");
    }
    return f.equals(MODEL);
  }

  /** The other family's flags are refused rather than ignored. */
  void checkFlagsFor(boolean onInfinity, ModelOptions model) {
    if (onInfinity && (model.tokenizer != null || model.var != null)) {
      throw new BadInputException("--tokenizer and --var name the embedded model's folders; with --model infinity give --weights DIR");
    }
    if (!onInfinity && !given().isEmpty()) {
      throw new BadInputException(String.join(", ", given()) + ": for --model infinity only; add --model infinity or drop them");
    }
  }

  static Sampling sampling(ModelOptions m) {
    if (m.cfgRamp != null) {
      throw new BadInputException("--cfg-ramp is for the embedded model; Infinity guides with a constant --cfg, as its reference does");
    }
    Sampling d = Sampling.DEFAULT;
    return new Sampling(m.cfg == null ? d.cfg() : m.cfg, m.tau == null ? d.tau() : m.tau, m.topP == null ? d.topP() : m.topP);
  }

  /** {@code --pn} as Infinity spells it ("0.06M"). */
  String pn() {
    return pn == null ? DEFAULT_PN : pn.trim().toUpperCase(Locale.ROOT);
  }

  double hDivW() {
    return hDivW == null ? DEFAULT_H_DIV_W : hDivW;
  }

  /** The schedule of {@code --pn} and {@code --h-div-w}. */
  Schedules.Schedule schedule() {
    return schedule(pn(), hDivW());
  }

  static Schedules.Schedule schedule(String pn, double hDivW) {
    try {
      return Schedules.of(pn, hDivW);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--pn " + pn + " --h-div-w " + hDivW + ": " + e.getMessage());
    }
  }

  /** The files to load: explicit ones, else under {@code --weights}. */
  Inputs inputs() {
    return new Inputs(file(modelFile, InfinityModels.MODEL_FILE, "--model-file"), file(vaeFile, InfinityModels.VAE_FILE, "--vae-file"), dinov2File,
        weights == null ? null : weights.resolve(InfinityModels.DINOV2_FILE), weights == null ? null : InfinityModels.ImageRewardFiles.inFolder(weights),
        textFeatures != null ? null : textEncoder != null ? textEncoder : weights == null ? null : weights.resolve(T5Encoder.FOLDER), textFeatures);
  }

  private Path file(Path named, String official, String flag) {
    if (named != null) {
      return named;
    }
    if (weights == null) {
      throw new BadInputException("--model infinity needs its weights: give --weights DIR (holding " + official + ") or " + flag + " FILE; "
          + InfinityModels.MODEL_FILE + " and " + InfinityModels.VAE_FILE + " are " + InfinityModels.INFINITY_SOURCE);
    }
    return weights.resolve(official);
  }

  /**
   * What one search on Infinity loads.
   *
   * @param dinov2 an explicit DINOv2 file, or null
   * @param dinov2InFolder where the folder's DINOv2 would be (loaded when it is there), or null
   * @param imageReward where the folder's ImageReward files would be (loaded when both are there), or null
   * @param textEncoder the Flan-T5-XL folder, or null when {@code textFeatures} stand in for it
   * @param textFeatures precomputed text states, or null
   */
  record Inputs(Path transformer, Path vae, Path dinov2, Path dinov2InFolder, InfinityModels.ImageRewardFiles imageReward, Path textEncoder, Path textFeatures) {
    Inputs {
      if (textEncoder == null && textFeatures == null) {
        throw new BadInputException("--model infinity needs its text encoder: " + TEXT_ENCODER_HOW);
      }
    }

    InfinityModels load(Schedules.Schedule schedule, Sampling sampling) throws IOException {
      if (textFeatures == null && !java.nio.file.Files.isDirectory(textEncoder)) {
        throw new BadInputException(textEncoder + ": no text encoder there; " + TEXT_ENCODER_HOW);
      }
      TextFeatures text = textFeatures != null ? PrecomputedTextFeatures.load(textFeatures) : T5TextFeatures.load(textEncoder);
      Path dino = dinov2 != null ? dinov2 : dinov2InFolder != null && java.nio.file.Files.isRegularFile(dinov2InFolder) ? dinov2InFolder : null;
      try {
        return InfinityModels.load(transformer, vae, dino, dinov2InFolder, imageReward, text, schedule, sampling, Map.of());
      } catch (IOException | RuntimeException e) {
        if (text instanceof AutoCloseable c) {
          closeQuietly(c);
        }
        throw e;
      }
    }

    /** What conditions the prompt, for messages: the encoder's folder or the features' file. */
    String textSource() {
      return textFeatures != null ? "the precomputed text features " + textFeatures : "the text encoder " + textEncoder;
    }

    /** Why the reward ir cannot run, or null when its files are there. */
    String imageRewardMissing() {
      if (imageReward == null) {
        return "give --weights DIR holding " + InfinityModels.IMAGEREWARD_FILE + " (" + InfinityModels.IMAGEREWARD_SOURCE + ") and "
            + InfinityModels.TOKENIZER_FILE + " (" + InfinityModels.TOKENIZER_SOURCE + ")";
      }
      return imageReward.present() ? null : "missing: " + imageReward.missing();
    }
  }

  /** The trace's record of an Infinity search: enough for {@link #fromTrace} to rebuild it. */
  static Map<String, String> setup(Inputs f, InfinityModels models, String pn, double hDivW, Schedules.Schedule schedule, Sampling sampling) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", MODEL);
    m.put("infinity.transformer", f.transformer().toAbsolutePath().toString());
    m.put("infinity.vae", f.vae().toAbsolutePath().toString());
    models.dinov2().ifPresent(d -> m.put("infinity.dinov2", (f.dinov2() != null ? f.dinov2() : f.dinov2InFolder()).toAbsolutePath().toString()));
    models.imageReward().ifPresent(ir -> {
      m.put("infinity.imagereward", f.imageReward().checkpoint().toAbsolutePath().toString());
      m.put("infinity.tokenizer", f.imageReward().tokenizer().toAbsolutePath().toString());
    });
    if (f.textFeatures() != null) {
      m.put("infinity.text_features", f.textFeatures().toAbsolutePath().toString());
    } else {
      m.put("infinity.text_encoder", f.textEncoder().toAbsolutePath().toString());
    }
    m.put("infinity.pn", pn);
    m.put("infinity.h_div_w", Double.toString(hDivW));
    m.put("infinity.scales", schedule.scales().stream().map(s -> s[0] + "×" + s[1]).collect(Collectors.joining(",")));
    m.put("infinity.cfg", Double.toString(sampling.cfg()));
    m.put("infinity.tau", Double.toString(sampling.tau()));
    m.put("infinity.top_p", Double.toString(sampling.topP()));
    m.put("text", models.generator().text().describe());
    m.put("infinity.threads", Integer.toString(threads()));
    return m;
  }

  /** PyTorch's intra-op threads (the launcher's TTSVAR_THREADS): the order of float sums, so the bits, follow it. */
  static int threads() {
    return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
  }

  /** Why a replay may differ: another thread count than the trace's, or "" when the same. */
  static String threadsNote(JsonNode trace) {
    String recorded = trace.path("setup").path("infinity.threads").asText("");
    return recorded.isEmpty() || recorded.equals(Integer.toString(threads())) ? ""
        : "; the search ran with " + recorded + " PyTorch threads and this replay with " + threads()
            + ", and Infinity's bits follow the order of floating-point sums, which the thread count sets: replay with TTSVAR_THREADS=" + recorded;
  }

  /** Whether a trace was made on Infinity. */
  static boolean isInfinityTrace(JsonNode trace) {
    return MODEL.equals(trace.path("setup").path("model").asText());
  }

  /** Rebuilds what a trace's Infinity search loaded; this command's file flags, if given, say where the files are now. */
  InfinityModels fromTrace(JsonNode trace, ModelOptions m, Path traceFile) throws IOException {
    if (pn != null || hDivW != null || m.cfg != null || m.tau != null || m.topP != null || m.cfgRamp != null) {
      throw new BadInputException("a replay uses the trace's schedule and sampling (" + traceFile + "); drop --pn, --h-div-w, --cfg, --tau, --top-p");
    }
    JsonNode s = trace.path("setup");
    String recordedPn = required(s, "infinity.pn", traceFile);
    double ratio;
    Sampling sampling;
    try {
      ratio = Double.parseDouble(required(s, "infinity.h_div_w", traceFile));
      sampling = new Sampling(Double.parseDouble(required(s, "infinity.cfg", traceFile)), Double.parseDouble(required(s, "infinity.tau", traceFile)),
          Double.parseDouble(required(s, "infinity.top_p", traceFile)));
    } catch (NumberFormatException e) {
      throw new BadInputException(traceFile + ": setup holds a malformed number (" + e.getMessage() + ")");
    }
    // the text comes as the search had it (encoder or precomputed states); the flags only say where it is now
    Path encoder = null, features = null;
    if (s.has("infinity.text_encoder")) {
      encoder = textEncoder != null ? textEncoder : weights != null ? weights.resolve(T5Encoder.FOLDER) : Path.of(required(s, "infinity.text_encoder", traceFile));
    } else {
      features = textFeatures != null ? textFeatures : Path.of(required(s, "infinity.text_features", traceFile));
    }
    Inputs f = new Inputs( // no DINOv2: a replay regenerates one path from its streams and judges nothing
        modelFile != null ? modelFile : weights != null ? weights.resolve(InfinityModels.MODEL_FILE) : Path.of(required(s, "infinity.transformer", traceFile)),
        vaeFile != null ? vaeFile : weights != null ? weights.resolve(InfinityModels.VAE_FILE) : Path.of(required(s, "infinity.vae", traceFile)),
        null, null, null, encoder, features);
    return f.load(schedule(recordedPn, ratio), sampling);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing: the load's own error is the one to report
    }
  }

  private static String required(JsonNode setup, String key, Path traceFile) {
    JsonNode v = setup.get(key);
    if (v == null || !v.isTextual()) {
      throw new BadInputException(traceFile + ": an Infinity trace without setup." + key + "; was it written by another version of ttsvar?");
    }
    return v.asText();
  }
}
