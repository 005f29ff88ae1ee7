package org.ttsvar.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Engine set-up that DJL leaves to the caller. */
public final class Engines {
  /** The environment variable that caps oneDNN's instruction set, read once when oneDNN starts. */
  public static final String ONEDNN_ISA = "ONEDNN_MAX_CPU_ISA";

  private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private Engines() {}

  /**
   * Loads the PyTorch engine (if not yet) and turns autograd recording off for the calling thread.
   * PyTorch's grad mode is per thread and on by default; inference with it on records graphs and
   * grows memory. Call at the start of every inference entry point and thread.
   *
   * <p>The first call logs {@link #inferenceWarning} (slf4j, WARN), where there is one: a library's
   * way to reach its user. The command line says it itself before a command runs a model, in its own
   * words ({@code ttsvar generate: warning: ...}); its logging binding shows errors only.
   */
  public static void inferenceMode() {
    Engine.getInstance();
    JniUtils.setGradMode(false);
    if (WARNED.compareAndSet(false, true)) {
      inferenceWarning().ifPresent(LOG::warn);
    }
  }

  /**
   * What a user running inference on this machine should be told, if anything: that oneDNN's AVX2 and
   * AVX-512 convolutions are uncapped here, and how to cap them. Reads the environment and
   * {@code /proc/cpuinfo} once; does not load the engine.
   */
  public static Optional<String> inferenceWarning() {
    return unsafeConvolutions() ? Optional.of(problem() + " Results may differ from run to run.") : Optional.empty();
  }

  /**
   * Refuses to train where convolution gradients are unreliable: PyTorch 2.7.1's oneDNN AVX2 and
   * AVX-512 backward-data kernels return wrong input gradients for some shapes (8 → 3 channels, for
   * one; seen on AMD EPYC, 2026-12-02; {@code ConvolutionGradientTest}); capped at AVX they are exact.
   */
  public static void requireReliableGradients() {
    if (unsafeConvolutions()) {
      throw new UnsupportedEnvironmentException(problem());
    }
  }

  private static String problem() {
    return "this CPU has AVX2 and " + ONEDNN_ISA + " is not set: PyTorch's oneDNN AVX2/AVX-512 convolution gradients can be wrong."
        + " Run through the ttsvar launcher (it sets " + ONEDNN_ISA + "=AVX) or export " + ONEDNN_ISA + "=AVX before starting Java.";
  }

  /** True when oneDNN is free to use AVX2 or AVX-512: the CPU has it and neither of oneDNN's ISA caps is set. */
  static boolean unsafeConvolutions() {
    return Avx2.UNCAPPED;
  }

  /** Checked once: the environment and the CPU do not change while the JVM runs. */
  private static final class Avx2 {
    static final boolean UNCAPPED = uncapped(System.getenv(), cpuInfo());
  }

  /** The decision itself: oneDNN may use AVX2 or more when the CPU lists avx2 and no ISA cap is set. */
  static boolean uncapped(Map<String, String> env, String cpuInfo) {
    return !env.containsKey(ONEDNN_ISA) && !env.containsKey("DNNL_MAX_CPU_ISA") && cpuInfo.matches("(?s).*\\bavx2\\b.*");
  }

  private static String cpuInfo() {
    try {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      return Files.isReadable(cpuinfo) ? Files.readString(cpuinfo) : "";
    } catch (IOException e) {
      return "";
    }
  }
}
