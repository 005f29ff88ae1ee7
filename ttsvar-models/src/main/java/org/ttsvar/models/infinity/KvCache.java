package org.ttsvar.models.infinity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * One block's self-attention keys and values of every token fed so far, (2P, H, S, c): the P paths'
 * conditional rows first, then their unconditional rows (the reference's [cond; uncond] layout).
 * {@link #append} keeps the arrays out of the caller's {@link NDScope}; {@link #select} and {@link #close}
 * free them.
 */
final class KvCache implements AutoCloseable {
  private NDArray keys; // (2P, H, S, c)
  private NDArray values;

  /** Appends this scale's keys and values (2P, H, L, c) along the token axis; returns the full {keys, values}. */
  NDArray[] append(NDArray k, NDArray v) {
    NDArray nk = keys == null ? k : keys.concat(k, 2); // (2P, H, S + L, c)
    NDArray nv = values == null ? v : values.concat(v, 2);
    replace(nk, nv);
    return new NDArray[] {keys, values};
  }

  /** Keeps the rows {@code bothHalves} lists: r and P + r for every kept path r. */
  void select(NDArray bothHalves) {
    if (keys != null) {
      replace(keys.get(new NDIndex("{}", bothHalves)), values.get(new NDIndex("{}", bothHalves)));
    }
  }

  /** Bytes held (float32 keys and values). */
  long bytes() {
    return keys == null ? 0 : 2 * keys.getShape().size() * 4;
  }

  private void replace(NDArray nk, NDArray nv) {
    NDScope.unregister(nk, nv);
    if (keys != null && keys != nk) {
      keys.close();
      values.close();
    }
    keys = nk;
    values = nv;
  }

  @Override
  public void close() {
    if (keys != null) {
      keys.close();
      values.close();
      keys = null;
      values = null;
    }
  }
}
