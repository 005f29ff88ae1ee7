package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;

/** Keys and values of earlier tokens that a {@link SelfAttention} attends to besides the current ones. */
public interface KeyValueCache {
  /** Appends keys and values (B, H, L, Dh) along the token axis; returns the full {keys, values}, (B, H, cached + L, Dh). */
  NDArray[] append(NDArray keys, NDArray values);
}
