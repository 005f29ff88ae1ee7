import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

/** Device check for the GPU training run: which engine and device DJL picked, a timed matmul, and one gradient. */
public class GpuSmoke {
  public static void main(String[] args) {
    Engine e = Engine.getInstance();
    System.out.println("engine " + e.getEngineName() + " " + e.getVersion() + " gpus " + e.getGpuCount() + " default device " + e.defaultDevice());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(4096, 4096));
      System.out.println("array device " + a.getDevice());
      a.matMul(a).sum().getFloat();
      long t0 = System.nanoTime();
      float s = 0;
      for (int i = 0; i < 20; i++) s += a.matMul(a).sum().getFloat();
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf("matmul 4096^3 fp32: %.1f TFLOP/s (%s)%n", 20 * 2.0 * Math.pow(4096, 3) / secs / 1e12, s);
      NDArray w = m.randomNormal(new Shape(64, 64));
      w.setRequiresGradient(true);
      try (GradientCollector gc = e.newGradientCollector()) {
        NDArray y = w.matMul(w).square().sum();
        gc.backward(y);
      }
      System.out.println("grad norm " + w.getGradient().norm().getFloat());
      NDArray img = m.randomNormal(new Shape(2, 3, 64, 64));
      NDArray k = m.randomNormal(new Shape(8, 3, 3, 3));
      NDArray c = ai.djl.nn.convolutional.Conv2d.conv2d(img, k, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
      System.out.println("conv " + c.getShape() + " " + c.getDevice());
      System.out.println("SMOKE OK");
    }
  }
}
