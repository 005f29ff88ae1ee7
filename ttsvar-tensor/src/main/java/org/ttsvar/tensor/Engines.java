package org.ttsvar.tensor;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Engine set-up that DJL leaves to the caller. */
public final class Engines {
  private Engines() {}

  /**
   * Loads the PyTorch engine (if not yet) and turns autograd recording off for the calling thread.
   * PyTorch's grad mode is per thread and on by default; inference with it on records graphs and
   * grows memory. Call at the start of every inference entry point and thread.
   */
  public static void inferenceMode() {
    Engine.getInstance();
    JniUtils.setGradMode(false);
  }
}
