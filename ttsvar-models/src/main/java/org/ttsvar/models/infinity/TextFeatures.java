package org.ttsvar.models.infinity;

import org.ttsvar.tensor.TensorData;

/**
 * Where a prompt's text encoder states come from: Infinity conditions on Flan-T5-XL's states of the
 * prompt's real tokens, (T, Ct): {@link T5TextFeatures} computes them, {@link PrecomputedTextFeatures} serves
 * states computed elsewhere.
 */
public interface TextFeatures {
  /**
   * The states (T, Ct) for {@code prompt}.
   *
   * @throws org.ttsvar.world.BadInputException when this source has none for that prompt
   */
  TensorData of(String prompt);

  /** Says where the states come from, for messages and traces. */
  String describe();
}
