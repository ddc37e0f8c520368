package dev.residual.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * {@link ForwardLimit} on ONNX Runtime: a checkpoint's ONNX export (the bytes {@code GET .../onnx}
 * sends) run in-process with the service's session settings, in batches and one image at a time, no
 * HTTP, no decoding, no queue.
 */
final class OnnxForwardLimit implements AutoCloseable {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final long[] image;
  private final FloatBuffer input;

  /**
   * @param intraOpThreads as {@code residual.inference.onnxruntime.intra-op-threads}
   * @param spinning as {@code residual.inference.onnxruntime.spinning}
   */
  OnnxForwardLimit(byte[] onnx, int intraOpThreads, boolean spinning, int maxBatch)
      throws OrtException {
    try (SessionOptions options = new SessionOptions()) {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
      session = env.createSession(onnx, options);
    }
    long[] shape = ((TensorInfo) session.getInputInfo().get("input").getInfo()).getShape();
    image = new long[] {1, shape[1], shape[2], shape[3]};
    int size = (int) (shape[1] * shape[2] * shape[3]);
    input =
        ByteBuffer.allocateDirect(maxBatch * size * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    Random random = new Random(1);
    while (input.hasRemaining()) {
      input.put((float) random.nextGaussian());
    }
  }

  ForwardLimit.Rate batched(int batchSize, double seconds) throws OrtException {
    for (int i = 0; i < 5; i++) {
      forward(batchSize);
    }
    long images = 0;
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      forward(batchSize);
      images += batchSize;
    }
    double rate = images / ((System.nanoTime() - start) / 1e9);
    return new ForwardLimit.Rate(batchSize, rate, (OS.getProcessCpuTime() - cpu) / 1e6 / images);
  }

  /** Times 1,000 single-image forward passes, after a few warm-up ones. */
  ForwardLimit.Latency single() throws OrtException {
    for (int i = 0; i < 20; i++) {
      forward(1);
    }
    long[] single = new long[1000];
    for (int i = 0; i < single.length; i++) {
      long t = System.nanoTime();
      forward(1);
      single[i] = System.nanoTime() - t;
    }
    Arrays.sort(single);
    return new ForwardLimit.Latency(single[499] / 1e6, single[989] / 1e6);
  }

  private void forward(int batchSize) throws OrtException {
    long[] shape = image.clone();
    shape[0] = batchSize;
    FloatBuffer batch = input.duplicate();
    batch.position(0).limit((int) (batchSize * image[1] * image[2] * image[3]));
    try (OnnxTensor x = OnnxTensor.createTensor(env, batch.slice(), shape);
        OrtSession.Result result = session.run(Map.of("input", x))) {
      FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
      float[] row = new float[logits.remaining() / batchSize];
      for (int i = 0; i < batchSize; i++) {
        logits.get(row); // read back as the service does; softmax is a few nanoseconds
      }
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
