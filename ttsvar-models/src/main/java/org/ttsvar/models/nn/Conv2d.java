package org.ttsvar.models.nn;

import ai.djl.ndarray.NDArray;
import org.ttsvar.tensor.Init;
import org.ttsvar.tensor.Nn;
import org.ttsvar.tensor.Params;

/** A square-kernel convolution with bias, "same" padding for odd kernels. */
public final class Conv2d {
  private final NDArray weight;
  private final NDArray bias;
  private final int stride;
  private final int padding;

  public Conv2d(Params p, String name, int in, int out, int kernel, int stride) {
    this.weight = p.create(name + ".weight", Init.fanIn(1.0), out, in, kernel, kernel);
    this.bias = p.create(name + ".bias", Init.zeros(), out);
    this.stride = stride;
    this.padding = kernel / 2;
  }

  public NDArray forward(NDArray x) {
    return Nn.conv2d(x, weight, bias, stride, padding);
  }
}
