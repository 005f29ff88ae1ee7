package org.ttsvar.models;

import java.nio.file.Path;
import org.ttsvar.tensor.CorruptWeightsException;

/**
 * A model that is not there: no folder at the given path, or a default model missing from the
 * classpath. It carries the model's name so that a command line can say how to train one.
 */
public final class MissingModelException extends CorruptWeightsException {
  private static final long serialVersionUID = 1L;
  private final String model;
  private final Path folder;

  /** No model folder at {@code folder}; the model is named by the folder's name. */
  public MissingModelException(Path folder) {
    super("no model folder at " + folder + " (not trained or not shipped yet): pass the folder of a trained model, or train one and export it there");
    this.model = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
    this.folder = folder;
  }

  /** The default model {@code model} lacks the classpath resource {@code resource}. */
  public MissingModelException(String model, String resource) {
    super("the default " + model + " model is not on the classpath (" + resource + "); train it or rebuild");
    this.model = model;
    this.folder = null;
  }

  /** The model's name: a default model's, or the missing folder's. */
  public String model() {
    return model;
  }

  /** The missing folder, or null for a default model missing from the classpath. */
  public Path folder() {
    return folder;
  }
}
