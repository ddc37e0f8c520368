package dev.residual.inference.internal;

/**
 * How each served model's ONNX Runtime session uses threads.
 *
 * @param intraOpThreads threads one forward pass is split over; 0 lets ONNX Runtime take one per
 *     physical core
 * @param spinning whether idle intra-op threads spin for the next piece of work instead of
 *     sleeping: lower latency on a pod that only serves, CPU taken from everything else otherwise
 */
public record OnnxRuntimeSettings(int intraOpThreads, boolean spinning) {

  public OnnxRuntimeSettings {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException(
          "residual.inference.onnxruntime.intra-op-threads must be 0 (automatic) or more");
    }
  }
}
