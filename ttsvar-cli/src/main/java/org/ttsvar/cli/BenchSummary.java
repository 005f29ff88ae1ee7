package org.ttsvar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ttsvar.bench.report.Reports;
import org.ttsvar.bench.stats.Results;

/** What a benchmark command prints at the end: the Markdown summary, or with {@code --json} one JSON object with one entry per configuration. */
public final class BenchSummary {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BenchSummary() {}

  /**
   * @param dir the local folder holding the benchmark's {@code summary.md}
   * @param resultsFile where the user finds {@code results.json} (the folder's, or its copy on a cluster's file system)
   */
  public static void print(PrintWriter out, Results r, Path dir, String resultsFile, boolean json) throws IOException {
    if (json) {
      out.println(MAPPER.writeValueAsString(json(r, resultsFile)));
    } else {
      out.print(Files.readString(dir.resolve(Reports.SUMMARY)));
    }
  }

  static ObjectNode json(Results r, String resultsFile) {
    ObjectNode s = MAPPER.createObjectNode();
    s.put("suite", r.suite());
    s.put("complete", r.complete());
    s.put("results", resultsFile);
    ObjectNode configs = s.putObject("configs");
    for (Results.ConfigResult c : r.configs()) {
      ObjectNode n = configs.putObject(c.name());
      n.put("strategy", c.config().spec().strategy().id());
      n.put("n", c.config().spec().budget());
      if (c.overall() == null) {
        n.putNull("overall");
      } else {
        n.put("overall", c.overall());
      }
      n.set("tasks", MAPPER.valueToTree(c.tasks()));
      n.put("images", c.images());
      n.put("mean_reward", c.meanReward());
      n.put("flops_per_image", c.flopsPerImage());
      n.put("decodes_per_image", c.decodesPerImage());
      n.put("reward_calls_per_image", c.rewardCallsPerImage());
      n.put("state_bytes", c.stateBytes());
      n.put("wall_s_per_image", c.measured().wallSecondsPerImage());
      n.put("wall_s_per_prompt", c.measured().wallSecondsPerPrompt());
      n.put("peak_rss_mb", c.measured().peakRssMb());
    }
    if (r.costMatched() != null) {
      s.set("cost_matched", MAPPER.valueToTree(r.costMatched()));
    }
    return s;
  }
}
