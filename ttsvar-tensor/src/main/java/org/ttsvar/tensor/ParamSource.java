package org.ttsvar.tensor;

import ai.djl.ndarray.NDArray;

/**
 * Where a layer gets its named parameters: {@link Params} makes them (initialised from its seeded
 * stream, for training), {@link StrictParams} takes them from a checkpoint, checked against the shape
 * the layer asks for. The layers of {@code org.ttsvar.models.nn} are written once against this.
 */
public interface ParamSource {
  /** The parameter {@code name} of this shape; {@code init} says how to make it when it is new. */
  NDArray create(String name, Init init, long... shape);
}
