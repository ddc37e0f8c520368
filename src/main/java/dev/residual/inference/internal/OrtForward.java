package dev.residual.inference.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.residual.models.ResNets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One worker thread's forward pass on ONNX Runtime: copies the batch into a direct buffer that the
 * input tensor wraps without another copy, runs the session and turns each row of logits into class
 * probabilities.
 */
final class OrtForward implements BatchWorkers.Handler<float[], float[]> {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final int[] chw;
  private final int size;
  private final FloatBuffer staging;

  OrtForward(OrtEnvironment env, OrtSession session, int[] chw, int maxBatchSize) {
    this.env = env;
    this.session = session;
    this.chw = chw.clone();
    this.size = chw[0] * chw[1] * chw[2];
    this.staging =
        ByteBuffer.allocateDirect(maxBatchSize * size * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
  }

  @Override
  public List<float[]> process(List<float[]> images) throws OrtException {
    int n = images.size();
    staging.clear();
    for (float[] image : images) {
      if (image.length != size) {
        throw new IllegalArgumentException("an image has " + image.length + " values, not " + size);
      }
      staging.put(image);
    }
    staging.flip();
    long[] shape = {n, chw[0], chw[1], chw[2]};
    try (OnnxTensor x = OnnxTensor.createTensor(env, staging, shape);
        OrtSession.Result result = session.run(Map.of(ResNets.ONNX_INPUT, x))) {
      FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
      int classes = logits.remaining() / n;
      List<float[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] row = new float[classes];
        logits.get(row);
        out.add(softmax(row));
      }
      return out;
    }
  }

  /** In place, shifted by the maximum so that no exponential overflows. */
  static float[] softmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      double e = Math.exp(logits[i] - max);
      logits[i] = (float) e;
      sum += e;
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (logits[i] / sum);
    }
    return logits;
  }
}
