package org.ttsvar.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ttsvar.search.SearchSetting;
import org.ttsvar.search.Strategy;
import org.ttsvar.world.Grammar;
import org.ttsvar.world.PromptSyntaxException;

/** The API over the gated fake model: answers, bad input, the queue, time limit, a client leaving, shutdown, files. */
class ServeApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path runs;
  private TtsvarServer server;

  private TtsvarServer start(GatedModels models, int queue, Duration timeLimit) throws Exception {
    server = TtsvarServer.start(models.served(), GatedModels.settings(runs, queue, timeLimit));
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.shutdown();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(server.address().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest post(String body) {
    return HttpRequest.newBuilder(server.address().resolve("/v1/images/generations")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private HttpResponse<String> generate(String body) throws Exception {
    return client.send(post(body), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> generateLater(String body) {
    return client.sendAsync(post(body), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode health() throws Exception {
    return JSON.readTree(get("/healthz").body());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("waited 10 s").isLessThan(end);
      Thread.sleep(10);
    }
  }

  @Test
  void theResamplingDrawIsASettingOfTheRequestAndReachesTheTrace() throws Exception {
    start(new GatedModels(7), 2, Duration.ofSeconds(30));
    HttpResponse<String> r = generate("{\"prompt\": \"a photo of a red circle\", \"budget\": 2, \"resampling\": \"systematic\", \"essThreshold\": 0.5, "
        + "\"diversityFloor\": 1.0, \"narrowAbove\": \"none\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode trace = JSON.readTree(get(JSON.readTree(r.body()).get("ttsvar").get("links").get("trace").asText()).body());
    assertThat(trace.get("resampling").asText()).isEqualTo("systematic");
    assertThat(trace.get("ess_threshold").asDouble()).isEqualTo(0.5);
    assertThat(trace.get("diversity_floor").asDouble()).isEqualTo(1.0);
    assertThat(trace.has("narrow_above")).isFalse(); // "none": the schedule, whatever the model's default
  }

  @Test
  void answersWithTheBestImagesAndLinksToTheRunsFiles() throws Exception {
    start(new GatedModels(7), 2, Duration.ofSeconds(30));
    HttpResponse<String> r = generate("{\"prompt\": \"a photo of a red circle\", \"n\": 2, \"budget\": 2, \"seed\": 5}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode a = JSON.readTree(r.body());
    assertThat(a.get("data")).hasSize(2);
    JsonNode t = a.get("ttsvar");
    assertThat(t.get("strategy").asText()).isEqualTo("ttsvar");
    assertThat(t.get("budget").asInt()).isEqualTo(2);
    assertThat(t.get("rewards").get(0).asDouble()).isGreaterThanOrEqualTo(t.get("rewards").get(1).asDouble());
    byte[] best = Base64.getDecoder().decode(a.get("data").get(0).get("b64_json").asText());
    HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(server.address().resolve(t.get("links").get("survivors").get(0).asText())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.body()).isEqualTo(best);
    JsonNode trace = JSON.readTree(get(t.get("links").get("trace").asText()).body());
    assertThat(trace.get("prompt").asText()).isEqualTo("a photo of a red circle");
    assertThat(trace.get("seed").asLong()).isEqualTo(5);
    assertThat(get(t.get("links").get("page").asText()).body()).contains("<svg").contains("a photo of a red circle");
    // only the files a run writes, of runs that exist
    assertThat(get("/v1/runs/" + t.get("id").asText() + "/../../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get("/v1/runs/r999/image.png").statusCode()).isEqualTo(404);
    assertThat(health().get("searches").get("served").asInt()).isEqualTo(1);
  }

  @Test
  void badInputIsA400NamingTheFieldWithTheCommandLinesMessage() throws Exception {
    start(new GatedModels(7), 2, Duration.ofSeconds(30));
    String grammar = messageOf(() -> Grammar.parse("a photo of a red squircle"));
    assertError(generate("{\"prompt\": \"a photo of a red squircle\"}"), "prompt", grammar);
    assertError(generate("{}"), "prompt", "prompt: missing; e.g. \"a photo of a red circle\"");
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"strategy\": \"best\"}"), "strategy",
        "strategy: unknown strategy 'best'; known: " + Strategy.names());
    String rawBudget = messageOf(() -> Strategy.RAW.budget(4)).replaceFirst("^" + SearchSetting.BUDGET.id() + ":", "budget:");
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"strategy\": \"raw\", \"budget\": 4}"), "budget", rawBudget);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"budget\": 2, \"n\": 3}"), "n",
        "n: asks for 3 images; ttsvar with budget 2 ends with 2 paths: ask for 1 to 2");
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"lambda\": -1}"), "lambda", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"resampling\": \"residual\"}"), "resampling", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"essThreshold\": 2}"), "essThreshold", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"diversityFloor\": 0}"), "diversityFloor", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"narrowAbove\": \"soon\"}"), "narrowAbove", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"narrowAbove\": 0.5}"), "narrowAbove", null); // these models have no value head
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"clusterScales\": [9]}"), "clusterScales", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"colour\": \"red\"}"), "colour", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"response_format\": \"url\"}"), "response_format", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"seed\": 1.5}"), "seed", null);
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"model\": \"dall-e-3\"}"), "model", null);
    assertError(generate("{\"prompt\": "), "body", null);
    // a setting only the model's registry can judge is refused before the request is queued: a 400 naming it
    assertError(generate("{\"prompt\": \"a photo of a circle\", \"reward\": \"aesthetic\"}"), "reward", "reward: unknown reward 'aesthetic'; known: fake");
    assertThat(get("/v1/images/generations").statusCode()).isEqualTo(405);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
  }

  private static String messageOf(Runnable r) {
    try {
      r.run();
    } catch (PromptSyntaxException | org.ttsvar.search.SearchSettingException e) {
      return e.getMessage();
    }
    throw new AssertionError("no error");
  }

  private static void assertError(HttpResponse<String> r, String field, String message) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertThat(e.get("param").asText()).isEqualTo(field);
    assertThat(e.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(e.get("message").asText()).startsWith(field.equals("prompt") && message != null && !message.startsWith("prompt:") ? "" : field + ":");
    if (message != null) {
      assertThat(e.get("message").asText()).isEqualTo(message);
    }
  }

  @Test
  void aFullQueueAnswers429WithRetryAfterAndTheOthersAreServed() throws Exception {
    GatedModels models = new GatedModels(7);
    start(models, 1, Duration.ofSeconds(30));
    models.close();
    CompletableFuture<HttpResponse<String>> running = generateLater("{\"prompt\": \"a photo of a circle\"}");
    await(() -> server.searches().busy());
    CompletableFuture<HttpResponse<String>> waiting = generateLater("{\"prompt\": \"a photo of a square\"}");
    await(() -> server.searches().waiting() == 1);
    HttpResponse<String> refused = generate("{\"prompt\": \"a photo of a star\"}");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow())).isGreaterThanOrEqualTo(1);
    assertThat(JSON.readTree(refused.body()).get("error").get("type").asText()).isEqualTo("rate_limit_error");
    assertThat(health().get("queue").get("waiting").asInt()).isEqualTo(1);
    models.open();
    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(waiting.get().statusCode()).isEqualTo(200);
    assertThat(health().get("searches").get("rejected").asInt()).isEqualTo(1);
  }

  /**
   * An accepted plain request is answered 200 at once (see {@link KeepAliveJson}), so a failure found
   * later is the body: OpenAI's error object and the status it would have had.
   */
  private static JsonNode lateError(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.has("data")).as(r.body()).isFalse();
    assertThat(body.get("status").asInt()).isEqualTo(status);
    return body.get("error");
  }

  @Test
  void aSearchPastTheTimeLimitIsStoppedBetweenScalesAndSaysSoWith504InTheBody() throws Exception {
    GatedModels models = new GatedModels(7);
    start(models, 1, Duration.ofMillis(200));
    models.close();
    CompletableFuture<HttpResponse<String>> r = generateLater("{\"prompt\": \"a photo of a circle\"}");
    await(() -> server.searches().busy());
    Thread.sleep(300);
    models.open();
    JsonNode error = lateError(r.get(), 504);
    assertThat(error.get("type").asText()).isEqualTo("timeout");
    assertThat(error.get("message").asText()).startsWith("search cancelled after 1 of 7 scales: the search ran past");
    assertThat(health().get("searches").get("timed_out").asInt()).isEqualTo(1);
  }

  /** A plain request over a raw socket, so that the test can leave without reading the answer; returns after the status line and headers. */
  private Socket plainRequestThatWillBeLeft(String body, List<String> headers) throws Exception {
    URI u = server.address();
    Socket s = new Socket(u.getHost(), u.getPort());
    OutputStream out = s.getOutputStream();
    out.write(("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
      headers.add(line);
    }
    assertThat(in.readLine()).as("the first chunk's size").isEqualTo("1");
    assertThat(in.readLine()).as("a space: whitespace before the JSON, written while the search waits or runs").isEqualTo(" ");
    return s;
  }

  @Test
  void aPlainClientThatLeavesMidSearchFreesTheSlotForTheNextRequest() throws Exception {
    GatedModels models = new GatedModels(60);
    start(models, 1, Duration.ofSeconds(30));
    models.close();
    List<String> headers = new ArrayList<>();
    try (Socket left = plainRequestThatWillBeLeft("{\"prompt\": \"a photo of a circle\", \"strategy\": \"raw\"}", headers)) {
      // committed before the search ends, so that a failed write can reveal the client's leaving
      assertThat(headers.get(0)).isEqualTo("HTTP/1.1 200 OK");
      assertThat(headers).anySatisfy(h -> assertThat(h.toLowerCase()).isEqualTo("content-type: application/json"));
      assertThat(headers).anySatisfy(h -> assertThat(h.toLowerCase()).isEqualTo("transfer-encoding: chunked"));
      await(() -> server.searches().busy());
      models.permits.release(); // the first scale
    } // the client goes away mid-search
    await(() -> server.searches().running() != null && server.searches().running().stopped() == Job.Stop.CLIENT_GONE); // its next space fails
    CompletableFuture<HttpResponse<String>> next = generateLater("{\"prompt\": \"a photo of a square\", \"strategy\": \"raw\", \"seed\": 2}");
    models.open(); // the left search stops before its next scale; the next one runs
    assertThat(next.get().statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(next.get().body()).get("data")).hasSize(1);
    JsonNode searches = health().get("searches");
    assertThat(searches.get("cancelled").asInt()).isEqualTo(1);
    assertThat(searches.get("served").asInt()).isEqualTo(1);
  }

  @Test
  void aPlainClientThatLeavesWhileWaitingGivesUpItsPlaceInTheQueue() throws Exception {
    GatedModels models = new GatedModels(7);
    start(models, 1, Duration.ofSeconds(30));
    models.close();
    CompletableFuture<HttpResponse<String>> running = generateLater("{\"prompt\": \"a photo of a circle\"}");
    await(() -> server.searches().busy());
    try (Socket left = plainRequestThatWillBeLeft("{\"prompt\": \"a photo of a square\"}", new ArrayList<>())) {
      assertThat(server.searches().waiting()).isEqualTo(1);
    }
    await(() -> server.searches().counts().cancelled() == 1); // its next space fails
    assertThat(server.searches().waiting()).as("out of the queue while the search before it still runs").isZero();
    assertThat(server.searches().busy()).isTrue();
    CompletableFuture<HttpResponse<String>> next = generateLater("{\"prompt\": \"a photo of a star\"}"); // a full queue would have refused it
    await(() -> server.searches().waiting() == 1);
    models.open();
    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(next.get().body()).get("data")).hasSize(1);
    JsonNode searches = health().get("searches");
    assertThat(searches.get("served").asInt()).isEqualTo(2);
    assertThat(searches.get("cancelled").asInt()).isEqualTo(1);
    assertThat(searches.get("rejected").asInt()).isZero();
  }

  @Test
  void aStreamingClientThatLeavesStopsItsSearch() throws Exception {
    GatedModels models = new GatedModels(60);
    start(models, 1, Duration.ofSeconds(30));
    models.close();
    URI u = server.address();
    String body = "{\"prompt\": \"a photo of a circle\", \"strategy\": \"raw\", \"stream\": true}";
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /v1/images/generations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
          .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      models.permits.release();
      for (String line = in.readLine(); !line.equals("event: scale"); line = in.readLine()) {
        assertThat(line).doesNotStartWith("event: error");
      }
    } // the client goes away after the first scale
    for (int k = 1; k < 60 && health().get("searches").get("cancelled").asInt() == 0; k++) {
      models.permits.release(); // one more scale; each is an event the server fails to send
      Thread.sleep(30);
    }
    await(() -> !server.searches().busy());
    JsonNode searches = health().get("searches");
    assertThat(searches.get("cancelled").asInt()).isEqualTo(1);
    assertThat(searches.get("served").asInt()).isZero();
  }

  @Test
  void streamingSendsOneColumnPerScaleThenTheAnswer() throws Exception {
    start(new GatedModels(7), 1, Duration.ofSeconds(30));
    HttpResponse<String> r = generate("{\"prompt\": \"a photo of a circle\", \"budget\": 2, \"stream\": true}");
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
    List<String> events = new ArrayList<>();
    JsonNode done = null;
    for (String frame : r.body().split("\n\n")) {
      if (frame.startsWith("event: ")) {
        String name = frame.substring(7, frame.indexOf('\n'));
        events.add(name);
        if (name.equals("done")) {
          done = JSON.readTree(frame.substring(frame.indexOf("data: ") + 6));
        }
      }
    }
    assertThat(events).containsExactly("start", "scale", "scale", "scale", "scale", "scale", "scale", "scale", "done");
    assertThat(done.get("tree").asText()).startsWith("<svg").contains("#d4a017"); // the chosen path in gold
    assertThat(done.get("data")).hasSize(1);
  }

  @Test
  void concurrentRequestsGiveTheBytesOfSequentialOnes() throws Exception {
    start(new GatedModels(7), 8, Duration.ofSeconds(30));
    List<String> bodies = List.of(
        "{\"prompt\": \"a photo of a circle\", \"seed\": 1}", "{\"prompt\": \"a photo of a square\", \"seed\": 2, \"strategy\": \"bon\"}",
        "{\"prompt\": \"a photo of a circle\", \"seed\": 3, \"budget\": 2}", "{\"prompt\": \"a photo of a star\", \"seed\": 1}");
    List<String> sequential = new ArrayList<>();
    for (String b : bodies) {
      sequential.add(JSON.readTree(generate(b).body()).get("data").get(0).get("b64_json").asText());
    }
    List<CompletableFuture<HttpResponse<String>>> concurrent = bodies.stream().map(this::generateLater).toList();
    for (int i = 0; i < bodies.size(); i++) {
      assertThat(JSON.readTree(concurrent.get(i).get().body()).get("data").get(0).get("b64_json").asText()).isEqualTo(sequential.get(i));
    }
  }

  @Test
  void shutdownCancelsTheWaitingAndTheSearchPastItsGrace() throws Exception {
    GatedModels models = new GatedModels(7);
    start(models, 2, Duration.ofSeconds(30));
    models.close();
    CompletableFuture<HttpResponse<String>> running = generateLater("{\"prompt\": \"a photo of a circle\"}");
    await(() -> server.searches().busy());
    CompletableFuture<HttpResponse<String>> waiting = generateLater("{\"prompt\": \"a photo of a square\"}");
    await(() -> server.searches().waiting() == 1);
    CompletableFuture<SearchService.ShutdownReport> report = CompletableFuture.supplyAsync(server::shutdown);
    assertThat(lateError(waiting.get(), 503).get("type").asText()).isEqualTo("server_shutting_down");
    Thread.sleep(400); // past the 300 ms grace: the search in flight is told to stop
    models.open();
    assertThat(lateError(running.get(), 503).get("message").asText()).endsWith("the server is shutting down");
    assertThat(report.get().toString()).startsWith("in flight: cancelled (r1, past the 0 s grace); 1 waiting search cancelled");
    server = null;
  }

  @Test
  void shutdownLetsTheSearchInFlightFinish() throws Exception {
    GatedModels models = new GatedModels(7);
    start(models, 2, Duration.ofSeconds(30));
    models.close();
    CompletableFuture<HttpResponse<String>> running = generateLater("{\"prompt\": \"a photo of a circle\"}");
    await(() -> server.searches().busy());
    CompletableFuture<SearchService.ShutdownReport> report = CompletableFuture.supplyAsync(server::shutdown);
    await(() -> !server.searches().accepting());
    assertThat(generate("{\"prompt\": \"a photo of a star\"}").statusCode()).isEqualTo(503);
    models.open();
    assertThat(running.get().statusCode()).isEqualTo(200);
    assertThat(report.get().toString()).isEqualTo("in flight: finished (r1); 0 waiting searches cancelled");
    server = null;
  }

  @Test
  void modelsHealthAndTheOpenApiDocument() throws Exception {
    start(new GatedModels(7), 3, Duration.ofSeconds(30));
    JsonNode m = JSON.readTree(get("/v1/models").body()).get("data").get(0);
    assertThat(m.get("id").asText()).isEqualTo("fake");
    assertThat(m.get("ttsvar").get("strategies").findValuesAsText("id")).containsExactlyElementsOf(
        java.util.Arrays.stream(Strategy.values()).map(Strategy::id).toList());
    JsonNode h = health();
    assertThat(h.get("status").asText()).isEqualTo("ok");
    assertThat(h.get("queue").get("capacity").asInt()).isEqualTo(3);
    JsonNode api = JSON.readTree(get("/openapi.json").body());
    assertThat(api.get("openapi").asText()).startsWith("3.");
    assertThat(api.get("paths").fieldNames()).toIterable().contains("/v1/images/generations", "/v1/models", "/healthz");
    // the document lists every field the server accepts, each search setting under its name
    List<String> documented = new ArrayList<>();
    api.at("/components/schemas/GenerationRequest/properties").fieldNames().forEachRemaining(documented::add);
    for (SearchSetting s : SearchSetting.values()) {
      assertThat(documented).contains(GenerationRequest.field(s));
    }
    assertThat(documented).containsExactlyInAnyOrderElementsOf(GenerationRequest.FIELDS);
    assertThat(get("/").body()).contains("<form").contains("/search.css");
    assertThat(get("/search.css").body()).isEqualTo(org.ttsvar.search.trace.SearchPage.css());
  }
}
