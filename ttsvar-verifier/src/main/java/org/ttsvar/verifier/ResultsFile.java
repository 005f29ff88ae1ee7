package org.ttsvar.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.ttsvar.world.io.AtomicFiles;

/**
 * {@code results.jsonl}: one JSON object per image, in folder order, like GenEval's results file:
 *
 * <pre>
 * {"filename": "00000/samples/0000.png", "tag": "single_object", "prompt": "a photo of a cross",
 *  "correct": true, "reason": "",
 *  "detections": [{"class": "cross", "color": "red", "box": [12, 20, 30, 38], "confidence": 0.998, "kept": true}, …]}
 * </pre>
 *
 * {@code detections} lists everything the detector found, most confident first; {@code kept} marks
 * those GenEval's rules saw (above the task's confidence threshold, at most 16 per class). The file
 * is written atomically: a reader sees the previous file or the complete new one, never a part.
 */
public final class ResultsFile {
  public static final String NAME = "results.jsonl";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ResultsFile() {}

  /** Writes {@code root/results.jsonl} atomically and returns its path. */
  public static Path write(Path root, List<ImageResult> results) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (ImageResult r : results) {
      sb.append(toJson(r)).append('\n');
    }
    Path file = root.resolve(NAME);
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  static String toJson(ImageResult r) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("filename", r.filename());
    o.put("tag", r.spec().task().tag());
    o.put("prompt", r.spec().prompt());
    o.put("correct", r.correct());
    o.put("reason", r.verdict().reason());
    Set<Detection> kept = Collections.newSetFromMap(new IdentityHashMap<>());
    GenEvalRules.keep(r.detections(), r.spec().task()).values().forEach(kept::addAll);
    ArrayNode dets = o.putArray("detections");
    for (Detection d : r.detections()) {
      ObjectNode n = dets.addObject();
      n.put("class", d.shape().noun());
      n.put("color", d.colour().word());
      ArrayNode box = n.putArray("box");
      box.add(d.box().x1()).add(d.box().y1()).add(d.box().x2()).add(d.box().y2());
      n.put("confidence", Math.round(d.confidence() * 1e6) / 1e6);
      n.put("kept", kept.contains(d));
    }
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
