package dev.residual.system;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.residual.ResidualApplication;
import dev.residual.models.Architectures;
import dev.residual.models.ResNets;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process for {@link OrderlyShutdownIT}: two daemon threads run an ONNX Runtime session without
 * pause, as serving workers under load do, and {@link OrderlyShutdown} stops them and closes the
 * session on a signal. A JVM shutdown hook, started with ONNX Runtime's own, reports whether the
 * session was still open when the hooks started.
 */
public final class OrtSessionsAtSignal {

  static final String READY = "sessions running";
  static final String CLOSED = "sessions closed after ";
  static final String HOOKS = "shutdown hooks started, session open: ";

  private OrtSessionsAtSignal() {}

  public static void main(String[] args) throws Exception {
    ResidualApplication.configureEngineDefaults();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session = env.createSession(resnet18(), new OrtSession.SessionOptions());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicBoolean open = new AtomicBoolean(true);
    AtomicLong runs = new AtomicLong();
    CountDownLatch warm = new CountDownLatch(2);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Thread thread =
          DaemonThreads.create(
              () -> {
                while (running.get()) {
                  run(env, session);
                  runs.incrementAndGet();
                  warm.countDown();
                }
              },
              "session-" + i);
      threads.add(thread);
      thread.start();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println(HOOKS + open.get())));
    OrderlyShutdown.onSignals(
        () -> {
          running.set(false);
          threads.forEach(OrtSessionsAtSignal::join);
          try {
            session.close();
          } catch (OrtException e) {
            throw new IllegalStateException(e);
          }
          open.set(false);
          System.out.println(CLOSED + runs.get() + " runs");
        });
    warm.await();
    System.out.println(READY);
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void run(OrtEnvironment env, OrtSession session) {
    float[] batch = new float[16 * 28 * 28];
    try (OnnxTensor x =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(batch), new long[] {16, 1, 28, 28});
        OrtSession.Result ignored = session.run(Map.of(ResNets.ONNX_INPUT, x))) {
      // Only the run matters.
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resnet18() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = ResNets.build(Architectures.named("resnet18").orElseThrow(), 1, 10, 28, 28);
      block.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
      return ResNets.toOnnx(block, 28, 28, "test", "shutdown probe", Map.of());
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
