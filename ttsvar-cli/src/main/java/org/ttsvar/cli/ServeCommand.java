package org.ttsvar.cli;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.models.infinity.InfinityModels;
import org.ttsvar.models.infinity.Sampling;
import org.ttsvar.models.infinity.Schedules;
import org.ttsvar.serve.ServedModel;
import org.ttsvar.serve.TtsvarServer;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.Grammar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve searches over HTTP from one process that keeps the model loaded: a page at / that draws the search tree",
      "live, scale by scale; POST /v1/images/generations (OpenAI's shape, plus strategy, budget, seed and the search",
      "settings); GET /v1/models; GET /healthz; /openapi.json. Searches run one at a time from a bounded queue",
      "(429 with Retry-After when full); a search past --time-limit, or whose client left, stops between scales.",
      "Ctrl-C or SIGTERM lets the search in flight finish within --grace, cancels the rest, and says so."
    })
final class ServeCommand implements Callable<Integer>, EngineWarning.RunsModels {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes it, without authentication).")
  String host;

  @Option(names = "--model", paramLabel = "MODEL", defaultValue = "embedded",
      description = "embedded (the shipped 64×64 shapes model) or infinity (Infinity-2B from --weights DIR, any prompt; only the prompt of --text-features FILE when given) (default: ${DEFAULT-VALUE}).")
  String family;

  @Option(names = "--queue", defaultValue = "8", description = "Searches that may wait besides the running one (default: ${DEFAULT-VALUE}); more get 429.")
  int queue;

  @Option(names = "--time-limit", defaultValue = "120", paramLabel = "SECONDS", description = "A search running longer is stopped between scales; its answer is the error, status 504 (default: ${DEFAULT-VALUE}).")
  int timeLimit;

  @Option(names = "--grace", defaultValue = "30", paramLabel = "SECONDS", description = "On shutdown, how long the search in flight may finish before it is cancelled (default: ${DEFAULT-VALUE}).")
  int grace;

  @Option(names = "--runs", paramLabel = "DIR", description = "Where the runs' files go (default: a new temporary folder).")
  Path runs;

  @Option(names = "--keep-runs", defaultValue = "50", description = "Runs whose files are kept, newest first (default: ${DEFAULT-VALUE}).")
  int keepRuns;

  @Mixin ModelOptions model;

  @Mixin InfinityOptions infinity;

  @Override
  public Integer call() throws Exception {
    boolean onInfinity = onInfinity();
    TtsvarServer.Settings settings = settings();
    var err = spec.commandLine().getErr();
    if (onInfinity) {
      try (InfinityModels models = loadInfinity()) {
        serve(infinityModel(models), settings);
      }
    } else {
      try (TextToImage t2i = model.load(); EmbeddedModels models = EmbeddedModels.load(t2i, model.varDir(), Map.of())) {
        serve(embedded(t2i, models, model.describe(t2i)), settings);
      }
    }
    err.flush();
    return Main.OK;
  }

  private TtsvarServer.Settings settings() throws IOException {
    if (port < 0 || port > 65535) {
      throw new BadInputException("--port must be in 0..65535, got " + port);
    }
    if (queue < 1 || queue > 10_000) {
      throw new BadInputException("--queue must be in 1..10000, got " + queue);
    }
    if (timeLimit < 1 || grace < 0 || keepRuns < 1) {
      throw new BadInputException("--time-limit and --keep-runs must be at least 1, --grace at least 0; got " + timeLimit + ", " + keepRuns + ", " + grace);
    }
    Path dir = runs != null ? runs : Files.createTempDirectory("ttsvar-serve-");
    org.ttsvar.world.io.AtomicFiles.checkFolder(dir);
    return new TtsvarServer.Settings(host, port, queue, Duration.ofSeconds(timeLimit), Duration.ofSeconds(grace), dir, keepRuns);
  }

  /** Starts, says where, and blocks until SIGTERM or Ctrl-C; the shutdown hook stops the server and reports what became of the searches. */
  private void serve(ServedModel served, TtsvarServer.Settings s) throws IOException, InterruptedException {
    var err = spec.commandLine().getErr();
    TtsvarServer server;
    try {
      server = TtsvarServer.start(served, s);
    } catch (BindException e) {
      throw new BadInputException(s.host() + ":" + s.port() + ": cannot listen there (" + e.getMessage() + "); choose another --port or --host");
    }
    err.println("ttsvar serve: " + server.address() + " — model " + served.id() + ", queue " + s.queue() + ", time limit " + s.timeLimit().toSeconds()
        + " s, runs in " + s.runs() + "; stop with Ctrl-C or SIGTERM");
    if (!s.host().equals("127.0.0.1") && !s.host().equals("localhost") && !s.host().equals("::1")) {
      err.println("ttsvar serve: warning: listening on " + s.host() + ": anyone who reaches this machine can run searches (no authentication)");
    }
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("ttsvar serve: shutting down (the search in flight gets " + s.shutdownGrace().toSeconds() + " s)");
      err.flush();
      err.println("ttsvar serve: stopped; " + server.shutdown());
      err.flush();
      stopped.countDown();
    }, "ttsvar-serve-shutdown"));
    stopped.await();
  }

  /** The embedded family as the server sees it: the command line's registry (with the oracle), its scales, GenEval's grammar. */
  static ServedModel embedded(TextToImage t2i, EmbeddedModels models, String describe) {
    int side = t2i.tokenizer().config().imageSize();
    Map<String, String> setup = new TreeMap<>();
    setup.put("model", describe);
    setup.put("sampling", t2i.sampling().toString());
    return new ServedModel("ttsvar-embedded", "the shipped " + side + "×" + side + " shapes model (weights/var, judged by reward-ir)",
        new ModelRegistry(models, "serve"), t2i.var().config().scales(), side + "x" + side, new ServedModel.Prompts() {
          @Override
          public void check(String prompt) {
            Grammar.parse(prompt);
          }

          @Override
          public String help() {
            return Grammar.help();
          }

          @Override
          public String example() {
            return "a photo of a red circle and a blue square";
          }
        }, setup);
  }

  private boolean onInfinity() {
    boolean inf = InfinityOptions.chosenBy(family);
    infinity.checkFlagsFor(inf, model);
    return inf;
  }

  private Schedules.Schedule schedule;
  private InfinityOptions.Inputs inputs;
  private Sampling sampling;

  private InfinityModels loadInfinity() throws IOException {
    sampling = InfinityOptions.sampling(model);
    schedule = infinity.schedule();
    inputs = infinity.inputs();
    return inputs.load(schedule, sampling);
  }

  /**
   * Infinity as the server sees it: any prompt with the text encoder; with --text-features only that file's
   * prompt, refused by the features' own check (as in generate) before the request is queued, since the
   * server answers bad input before it commits to an answer.
   */
  private ServedModel infinityModel(InfinityModels models) {
    List<int[]> grids = schedule.scales();
    int[] last = grids.get(grids.size() - 1);
    Map<String, String> setup = new TreeMap<>(InfinityOptions.setup(inputs, models, infinity.pn(), infinity.hDivW(), schedule, sampling));
    return new ServedModel("infinity-2b", "Infinity-2B from " + inputs.transformer() + " (" + infinity.pn() + ")", models, grids.stream().map(g -> g[0]).toList(),
        last[1] * 16 + "x" + last[0] * 16, new ServedModel.Prompts() {
          @Override
          public void check(String prompt) {
            if (prompt.isBlank()) {
              throw new BadInputException("the prompt is empty");
            }
            if (inputs.textFeatures() != null) {
              models.generator().text().of(prompt); // precomputed states stand for one prompt; the encoder takes any
            }
          }

          @Override
          public String help() {
            return inputs.textFeatures() == null ? "Any text, encoded by Flan-T5-XL."
                : "Any text; this server conditions on " + inputs.textFeatures() + " instead of the text encoder, so it serves that file's prompt.";
          }

          @Override
          public String example() {
            return inputs.textFeatures() == null ? "a corgi wearing a red scarf, studio photo" : "the prompt of " + inputs.textFeatures().getFileName();
          }
        }, setup);
  }
}
