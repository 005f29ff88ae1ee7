package org.ttsvar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttsvar serve} on the shipped embedded model: the bytes of {@code generate}, alone or under concurrent requests; the command's bad input. */
class ServeEmbeddedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedServer embedded;
  private final HttpClient client = HttpClient.newHttpClient();
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    embedded = new EmbeddedServer(8);
  }

  @AfterAll
  static void stop() {
    embedded.close();
  }

  private CompletableFuture<HttpResponse<String>> generate(String body) {
    return client.sendAsync(HttpRequest.newBuilder(embedded.server.address().resolve("/v1/images/generations"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] best(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Base64.getDecoder().decode(JSON.readTree(r.body()).get("data").get(0).get("b64_json").asText());
  }

  @Test
  void theServerGivesGeneratesBytesAloneAndUnderConcurrentRequests() throws Exception {
    Cli cli = Cli.run("generate", "a photo of a red circle and a blue square", "--n", "2", "--seed", "3", "--out", tmp.resolve("g").toString());
    assertThat(cli.code()).as(cli.err()).isZero();
    byte[] generated = Files.readAllBytes(tmp.resolve("g/image.png"));
    List<String> bodies = List.of(
        "{\"prompt\": \"a photo of a red circle and a blue square\", \"budget\": 2, \"seed\": 3}",
        "{\"prompt\": \"a photo of two stars\", \"budget\": 2, \"seed\": 1, \"strategy\": \"bon\"}",
        "{\"prompt\": \"a photo of a circle left of a square\", \"strategy\": \"raw\", \"seed\": 7}");
    List<byte[]> sequential = new ArrayList<>();
    for (String b : bodies) {
      sequential.add(best(generate(b).get()));
    }
    assertThat(sequential.get(0)).isEqualTo(generated);
    List<CompletableFuture<HttpResponse<String>>> concurrent = new ArrayList<>();
    bodies.forEach(b -> concurrent.add(generate(b)));
    for (int i = 0; i < concurrent.size(); i++) {
      assertThat(best(concurrent.get(i).get())).as(bodies.get(i % bodies.size())).isEqualTo(sequential.get(i % bodies.size()));
    }
  }

  @Test
  void aPromptOutsideTheGrammarGetsTheGrammarsMessage() throws Exception {
    HttpResponse<String> r = generate("{\"prompt\": \"a photo of a cat\"}").get();
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertThat(e.get("param").asText()).isEqualTo("prompt");
    Cli cli = Cli.run("generate", "a photo of a cat", "--out", tmp.resolve("cat").toString());
    assertThat(cli.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(cli.err()).contains(e.get("message").asText().lines().findFirst().orElseThrow());
  }

  @Test
  void theCommandRefusesBadSettingsBeforeLoadingAnything() {
    Cli port = Cli.run("serve", "--port", "70000");
    assertThat(port.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(port.err()).contains("--port must be in 0..65535, got 70000");
    Cli family = Cli.run("serve", "--model", "dalle");
    assertThat(family.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(family.err()).contains("--model dalle: unknown model; known: embedded, infinity");
    Cli flags = Cli.run("serve", "--text-features", "x.safetensors");
    assertThat(flags.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(flags.err()).contains("for --model infinity only");
  }
}
