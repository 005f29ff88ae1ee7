package org.ttsvar.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.ttsvar.models.ImageBatch;
import org.ttsvar.models.ModelFiles;
import org.ttsvar.models.embedded.tokenizer.Tokenizer;
import org.ttsvar.world.BadInputException;
import org.ttsvar.world.PromptSpec;
import org.ttsvar.world.RgbImage;
import org.ttsvar.world.io.FolderLock;
import org.ttsvar.world.io.GenEvalLayout;
import org.ttsvar.world.io.ImageFiles;
import org.ttsvar.world.io.ImageSetWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "reconstruct",
    mixinStandardHelpOptions = true,
    description = {
      "Encode and decode every image of a GenEval-layout folder with the tokenizer, keeping the metadata,",
      "so reconstructions can be judged with 'ttsvar eval'. Reports mean PSNR and encode/decode throughput."
    })
final class ReconstructCommand implements Callable<Integer>, EngineWarning.RunsModels {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "DIR", description = "GenEval-layout folder of images.")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must be empty unless --resume).")
  Path out;

  @Option(names = "--tokenizer", paramLabel = "DIR", description = "Tokenizer model folder (default: the embedded one).")
  Path tokenizer;

  @Option(names = "--batch", defaultValue = "64", description = "Images per encode/decode call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--resume", description = "Complete an interrupted run with the same arguments.")
  boolean resume;

  @Option(names = "--sheet", paramLabel = "PNG", description = "Also write a picture of the first --sheet-count images: the original, then the decode after each scale.")
  Path sheet;

  @Option(names = "--sheet-count", defaultValue = "6", description = "Images in the --sheet picture (default: ${DEFAULT-VALUE}).")
  int sheetCount;

  @Override
  public Integer call() throws Exception {
    if (batch < 1) {
      throw new BadInputException("--batch must be ≥ 1, got " + batch);
    }
    List<GenEvalLayout.PromptFolder> folders = GenEvalLayout.scan(in);
    List<PromptSpec> specs = new ArrayList<>();
    int perPrompt = 0;
    for (GenEvalLayout.PromptFolder f : folders) {
      if (f.index() != specs.size()) {
        throw new BadInputException(in + ": prompt folders must be numbered 00000, 00001, … without gaps; " + f.dir().getFileName() + " is out of order");
      }
      specs.add(f.spec());
      perPrompt = Math.max(perPrompt, f.samples().size());
    }
    try (FolderLock lock = FolderLock.acquire(out, "ttsvar reconstruct")) {
      return reconstruct(folders, specs, perPrompt);
    }
  }

  /** Encodes and decodes the images of {@code folders} that {@code out} (locked by the caller) lacks. */
  private Integer reconstruct(List<GenEvalLayout.PromptFolder> folders, List<PromptSpec> specs, int perPrompt) throws Exception {
    ImageSetWriter writer =
        ImageSetWriter.open(out, specs, Math.max(1, perPrompt), "reconstruct", Map.of("in", in.toAbsolutePath().normalize().toString(), "tokenizer", String.valueOf(tokenizer)), resume);
    if (resume) {
      spec.commandLine().getErr().println(writer.resumeNote());
    }
    record Job(int prompt, int sample, RgbImage image) {}
    List<Job> jobs = new ArrayList<>();
    for (GenEvalLayout.PromptFolder f : folders) {
      writer.startPrompt(f.index());
      for (Path s : f.samples()) {
        int sample = Integer.parseInt(s.getFileName().toString().replace(".png", ""));
        if (!writer.has(f.index(), sample)) {
          jobs.add(new Job(f.index(), sample, ImageFiles.read(s)));
        }
      }
    }
    org.ttsvar.tensor.Engines.inferenceMode();
    double sqErr = 0;
    long values = 0;
    long encodeNanos = 0, decodeNanos = 0;
    try (NDManager m = NDManager.newBaseManager();
        Tokenizer tok = tokenizer == null ? Tokenizer.load(ModelFiles.defaultModelDir("tokenizer"), m) : Tokenizer.load(tokenizer, m);
        ProgressBar bar = Progress.bar("reconstruct", jobs.size())) {
      int size = tok.config().imageSize();
      for (int start = 0; start < jobs.size(); start += batch) {
        List<Job> chunk = jobs.subList(start, Math.min(jobs.size(), start + batch));
        for (int i = 0; i < chunk.size(); i++) {
          RgbImage img = chunk.get(i).image();
          if (img.width() != size || img.height() != size) {
            throw new BadInputException("image " + chunk.get(i).prompt() + "/" + chunk.get(i).sample() + " is " + img.width() + "×" + img.height() + "; the tokenizer takes " + size + "×" + size);
          }
        }
        try (NDScope scope = new NDScope()) {
          scope.suppressNotUsedWarning();
          NDArray x = ImageBatch.toArray(m, chunk.stream().map(Job::image).toList()); // (B, 3, H, W)
          long t0 = System.nanoTime();
          NDArray fHat = tok.quantize(tok.encode(x), false).fHat();
          fHat.toFloatArray(); // force the computation before timing the decoder
          long t1 = System.nanoTime();
          RgbImage[] rec = ImageBatch.fromArray(tok.decodeImage(fHat));
          long t2 = System.nanoTime();
          encodeNanos += t1 - t0;
          decodeNanos += t2 - t1;
          int per = 3 * size * size;
          for (int i = 0; i < chunk.size(); i++) {
            RgbImage out8 = rec[i];
            float[] orig = chunk.get(i).image().toChwFloats();
            float[] back = out8.toChwFloats();
            for (int v = 0; v < per; v++) {
              double e = back[v] - orig[v];
              sqErr += e * e;
            }
            values += per;
            writer.write(chunk.get(i).prompt(), chunk.get(i).sample(), out8);
            bar.step();
          }
        }
      }
    }
    writer.finish();
    if (sheet != null) {
      writeSheet(folders);
    }
    if (!jobs.isEmpty()) {
      double mse = sqErr / values;
      spec.commandLine().getOut().printf(
          "reconstructed %d images: PSNR %.2f dB (over all pixels, 8-bit); encode+quantize %.1f images/s, decode %.1f images/s at batch %d%n",
          jobs.size(), 10 * Math.log10(1 / mse), jobs.size() / (encodeNanos / 1e9), jobs.size() / (decodeNanos / 1e9), batch);
    }
    return Main.OK;
  }

  /** Rows: images; columns: the original, then the decode of the partial sum after each scale; 3× enlarged. */
  private void writeSheet(List<GenEvalLayout.PromptFolder> folders) throws Exception {
    List<RgbImage> originals = new ArrayList<>();
    for (GenEvalLayout.PromptFolder f : folders) {
      if (!f.samples().isEmpty() && originals.size() < sheetCount) {
        originals.add(ImageFiles.read(f.samples().get(0)));
      }
    }
    try (NDManager m = NDManager.newBaseManager();
        Tokenizer tok = tokenizer == null ? Tokenizer.load(ModelFiles.defaultModelDir("tokenizer"), m) : Tokenizer.load(tokenizer, m);
        NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      int size = tok.config().imageSize();
      int cols = 1 + tok.config().numScales();
      int zoom = 3;
      int gap = 2;
      int w = cols * (size * zoom + gap), h = originals.size() * (size * zoom + gap);
      byte[] px = new byte[w * h * 3];
      java.util.Arrays.fill(px, (byte) 255);
      Tokenizer.Quantized q = tok.quantize(tok.encode(ImageBatch.toArray(m, originals)), false);
      for (int c = 0; c < cols; c++) {
        RgbImage[] imgs = c == 0 ? originals.toArray(RgbImage[]::new) : ImageBatch.fromArray(tok.decodeImage(q.fHatAfter().get(c - 1)));
        for (int i = 0; i < originals.size(); i++) {
          RgbImage img = imgs[i];
          for (int y = 0; y < size * zoom; y++) {
            for (int x = 0; x < size * zoom; x++) {
              int ox = c * (size * zoom + gap) + x, oy = i * (size * zoom + gap) + y;
              for (int ch = 0; ch < 3; ch++) {
                px[(oy * w + ox) * 3 + ch] = (byte) img.get(x / zoom, y / zoom, ch);
              }
            }
          }
        }
      }
      ImageFiles.writePng(new RgbImage(w, h, px), sheet);
      spec.commandLine().getErr().println("wrote " + sheet + ": columns = original, then the decode after scales " + tok.config().scales());
    }
  }
}
