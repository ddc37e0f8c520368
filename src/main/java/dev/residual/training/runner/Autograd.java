package dev.residual.training.runner;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.function.Supplier;

/**
 * Gradient recording for the runner, with a direct path for DJL's PyTorch engine.
 *
 * <p>Why not always {@link GradientCollector}: PyTorch's collector allows one instance per JVM (a
 * static flag), so two jobs training at once would fail, and it leaves autograd on when the thread
 * had it on, which is libtorch's default for every thread but the one that loaded the engine; the
 * optimizer's in-place updates of leaf parameters then fail. libtorch's grad mode is per thread, so
 * setting it directly is both safe for concurrent jobs and exact. Other engines fall back to the
 * collector.
 */
final class Autograd {

  private Autograd() {}

  /**
   * Runs {@code forward} with gradients recorded, back-propagates its scalar result, returns it.
   */
  static NDArray forwardBackward(NDArray anyInput, Supplier<NDArray> forward) {
    if (anyInput instanceof PtNDArray) {
      JniUtils.setGradMode(true);
      try {
        PtNDArray loss = (PtNDArray) forward.get();
        NDManager manager = loss.getManager();
        PtNDArray seed = (PtNDArray) manager.ones(new Shape(), loss.getDataType());
        JniUtils.backward(loss, seed, false, false);
        seed.close();
        return loss;
      } finally {
        JniUtils.setGradMode(false);
      }
    }
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray loss = forward.get();
      collector.backward(loss);
      return loss;
    }
  }

  /** Makes sure this thread computes no gradients: for validation and optimizer updates. */
  static void disable(NDArray anyArray) {
    if (anyArray instanceof PtNDArray) {
      JniUtils.setGradMode(false);
    }
  }

  /** Zeroes the gradient of {@code weight}; {@code gradient} is a handle to it. */
  static void zeroGradient(NDArray weight, NDArray gradient) {
    if (weight instanceof PtNDArray) {
      // zero_() in place: one memset, and unlike subtracting it from itself, NaN-safe.
      JniUtils.zeroGrad((PtNDArray) weight);
    } else {
      gradient.subi(gradient);
    }
  }
}
