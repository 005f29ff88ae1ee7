package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * One block's self-attention keys and values for every token generated so far, (G·P, H, L, Dh) with
 * the rows of all guidance groups stacked: [group 0's P paths; group 1's P paths; …] (Infinity's
 * [conditional; unconditional] layout), shared by every model family. {@link #select} gathers paths
 * across every group at once. The arrays outlive the step's {@link NDScope}; select and close free them.
 */
public final class KvCache implements KeyValueCache, AutoCloseable {
  private NDArray keys;
  private NDArray values;

  /** Appends this step's keys and values along the token axis and returns the full ones. */
  @Override
  public NDArray[] append(NDArray k, NDArray v) {
    if (keys == null) {
      keys = k;
      values = v;
    } else {
      NDArray nk = NDArrays.concat(new NDList(keys, k), 2);
      NDArray nv = NDArrays.concat(new NDList(values, v), 2);
      keys.close();
      values.close();
      keys = nk;
      values = nv;
    }
    // the cache outlives the step's scope; it is closed by select/close instead
    NDScope.unregister(keys, values);
    return new NDArray[] {keys, values};
  }

  /** Cached tokens so far. */
  public long length() {
    return keys == null ? 0 : keys.getShape().get(2);
  }

  /**
   * Keeps the given rows: {@code rowsAllGroups} already lists, for every group g, {@code g·P + r} for
   * each chosen path r.
   */
  public void select(NDArray rowsAllGroups) {
    if (keys == null) {
      return;
    }
    NDArray nk = keys.get(new NDIndex("{}", rowsAllGroups));
    NDArray nv = values.get(new NDIndex("{}", rowsAllGroups));
    NDScope.unregister(nk, nv);
    keys.close();
    values.close();
    keys = nk;
    values = nv;
  }

  /** Bytes held (float32 keys and values). */
  public long bytes() {
    return keys == null ? 0 : 2 * keys.getShape().size() * 4;
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
