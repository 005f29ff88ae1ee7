package org.ttsvar.tensor.pth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.ttsvar.tensor.DType;
import org.ttsvar.tensor.SafeTensors;

/**
 * Copies a strided view of a storage out of the memory-mapped file, in row-major order. The storage
 * is mapped in windows of at most {@code windowBytes} (a mapping holds at most 2 GB), only over the
 * bytes the view spans; a dense view is copied window by window, a strided one element by element.
 * Bounds were checked when the file was opened ({@link PthFile}).
 */
final class StorageReader {
  private final FileChannel channel;
  private final long base;
  private final ByteOrder order;
  private final long windowBytes;
  private MappedByteBuffer window;
  private long windowStart;
  private long windowEnd;

  /**
   * @param base file offset of the storage's first byte
   */
  StorageReader(FileChannel channel, long base, ByteOrder order, long windowBytes) {
    this.channel = channel;
    this.base = base;
    this.order = order;
    this.windowBytes = windowBytes;
  }

  /** The view's values converted to floats. */
  float[] floats(PthTensor t, int numel) throws IOException {
    float[] out = new float[numel];
    if (t.dtype() != DType.F32) {
      copy(t, numel, (buf, at, i) -> out[i] = toFloat(t.dtype(), buf, at));
      return out;
    }
    copy(
        t,
        numel,
        new Sink() {
          @Override
          public void put(ByteBuffer buf, int at, int i) {
            out[i] = buf.getFloat(at);
          }

          @Override
          public void putRun(ByteBuffer buf, int at, int i, int n, int es) {
            buf.slice(at, n * es).order(order).asFloatBuffer().get(out, i, n); // bulk copy of a dense F32 run
          }
        });
    return out;
  }

  /** The view's values as exact integers (booleans as 0/1). */
  long[] longs(PthTensor t, int numel) throws IOException {
    long[] out = new long[numel];
    copy(t, numel, (buf, at, i) -> out[i] = toLong(t.dtype(), buf, at));
    return out;
  }

  private interface Sink {
    /** Stores the element at byte {@code at} of {@code buf} as output element {@code i}. */
    void put(ByteBuffer buf, int at, int i);

    /** Stores {@code n} consecutive elements; one by one unless a sink knows better. */
    default void putRun(ByteBuffer buf, int at, int i, int n, int es) {
      for (int k = 0; k < n; k++) {
        put(buf, at + k * es, i + k);
      }
    }
  }

  private void copy(PthTensor t, int numel, Sink sink) throws IOException {
    if (numel == 0) {
      return;
    }
    int es = t.dtype().bytes();
    long[] shape = t.shape();
    long[] stride = t.stride();
    if (t.contiguous()) {
      long pos = t.storageOffset() * es;
      long end = pos + (long) numel * es;
      int i = 0;
      while (pos < end) {
        ByteBuffer buf = windowAt(pos, es, end);
        int at = (int) (pos - windowStart);
        int n = (int) Math.min(numel - i, (windowEnd - pos) / es);
        sink.putRun(buf, at, i, n, es);
        i += n;
        pos += (long) n * es;
      }
      return;
    }
    long spanEnd = spanEnd(t);
    long[] index = new long[shape.length];
    long element = t.storageOffset();
    for (int i = 0; i < numel; i++) {
      long pos = element * es;
      ByteBuffer buf = windowAt(pos, es, spanEnd);
      sink.put(buf, (int) (pos - windowStart), i);
      // odometer over the row-major index
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++index[d] < shape[d]) {
          element += stride[d];
          break;
        }
        element -= (index[d] - 1) * stride[d];
        index[d] = 0;
      }
    }
  }

  /** One byte past the last byte the view touches (storage-relative). */
  static long spanEnd(PthTensor t) {
    long last = t.storageOffset();
    long[] shape = t.shape();
    long[] stride = t.stride();
    for (int d = 0; d < shape.length; d++) {
      last += (shape[d] - 1) * stride[d];
    }
    return (last + 1) * t.dtype().bytes();
  }

  /** A window that holds the element of {@code es} bytes at {@code pos}, and what follows up to {@code limit}. */
  private ByteBuffer windowAt(long pos, int es, long limit) throws IOException {
    if (window == null || pos < windowStart || pos + es > windowEnd) {
      long len = Math.min(windowBytes, limit - pos);
      window = channel.map(FileChannel.MapMode.READ_ONLY, base + pos, len);
      window.order(order);
      windowStart = pos;
      windowEnd = pos + len;
    }
    return window;
  }

  private static float toFloat(DType dt, ByteBuffer b, int at) {
    return switch (dt) {
      case F32 -> b.getFloat(at);
      case F64 -> (float) b.getDouble(at);
      case F16 -> SafeTensors.halfToFloat(b.getShort(at));
      case BF16 -> Float.intBitsToFloat((b.getShort(at) & 0xffff) << 16);
      case I64 -> b.getLong(at);
      case I32 -> b.getInt(at);
      case I16 -> b.getShort(at);
      case I8 -> b.get(at);
      case U8 -> b.get(at) & 0xff;
      case BOOL -> b.get(at) != 0 ? 1 : 0;
    };
  }

  private static long toLong(DType dt, ByteBuffer b, int at) {
    return switch (dt) {
      case I64 -> b.getLong(at);
      case I32 -> b.getInt(at);
      case I16 -> b.getShort(at);
      case I8 -> b.get(at);
      case U8 -> b.get(at) & 0xff;
      case BOOL -> b.get(at) != 0 ? 1 : 0;
      default -> throw new IllegalArgumentException(dt + " is not an integer type");
    };
  }
}
