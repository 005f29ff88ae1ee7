package org.ttsvar.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.EmbeddedModels;
import org.ttsvar.models.embedded.TextToImage;
import org.ttsvar.serve.TtsvarServer;

/** The shipped embedded model behind a server on a free port, built as {@code ttsvar serve} builds it. */
final class EmbeddedServer implements AutoCloseable {
  final TextToImage t2i;
  final EmbeddedModels models;
  final TtsvarServer server;

  EmbeddedServer(int queue) throws Exception {
    t2i = TextToImage.load(ModelFiles.defaultModelDir("tokenizer"), ModelFiles.defaultModelDir("var"));
    models = EmbeddedModels.load(t2i, ModelFiles.defaultModelDir("var"), Map.of());
    Path runs = Files.createTempDirectory("ttsvar-serve-test-");
    server = TtsvarServer.start(ServeCommand.embedded(t2i, models, "test"),
        new TtsvarServer.Settings("127.0.0.1", 0, queue, Duration.ofSeconds(300), Duration.ofSeconds(5), runs, 8));
  }

  @Override
  public void close() {
    server.shutdown();
    models.close();
    t2i.close();
  }
}
