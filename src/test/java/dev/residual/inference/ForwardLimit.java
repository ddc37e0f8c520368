package dev.residual.inference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import com.sun.management.OperatingSystemMXBean;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.models.ResNets;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the hardware allows without any serving around it: a checkpoint's network run in-process, in
 * batches (throughput) and one image at a time (latency), no HTTP, no decoding, no queue. Call it
 * from one thread, as a worker would.
 */
final class ForwardLimit implements AutoCloseable {

  /**
   * Images per second in batches of {@code batchSize}, and the process's CPU time per image (all
   * threads, so that PyTorch's intra-op threads count, waiting included).
   */
  record Rate(int batchSize, double imagesPerSecond, double cpuMsPerImage) {}

  /** One image's forward pass, in milliseconds. */
  record Latency(double p50Ms, double p99Ms) {}

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final NDManager manager = NDManager.newBaseManager();
  private final Block block;
  private final Shape image;
  private final ParameterStore parameters;

  /** Rebuilds the network of a checkpoint archive (the bytes {@code GET .../download} sends). */
  ForwardLimit(byte[] archive) throws Exception {
    byte[] metadataJson = null;
    byte[] weights = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals("metadata.json")) {
          metadataJson = zip.readAllBytes();
        } else if (e.getName().equals("model.params")) {
          weights = zip.readAllBytes();
        }
      }
    }
    if (metadataJson == null || weights == null) {
      throw new IOException("not a checkpoint archive");
    }
    CheckpointMetadata metadata =
        JsonMapper.builder().build().readValue(metadataJson, CheckpointMetadata.class);
    List<Integer> s = metadata.inputShape();
    image = new Shape(1, s.get(0), s.get(1), s.get(2));
    block =
        ResNets.build(
            metadata.architecture(), s.get(0), metadata.classes().size(), s.get(1), s.get(2));
    block.initialize(manager, DataType.FLOAT32, image);
    block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(weights)));
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setGradMode(false); // as the service's workers: inference without autograd
    }
    this.parameters = new ParameterStore(manager, false);
  }

  /** Runs batches of {@code batchSize} for {@code seconds}, after a few warm-up batches. */
  Rate batched(int batchSize, double seconds) {
    Shape batch = new Shape(batchSize, image.get(1), image.get(2), image.get(3));
    for (int i = 0; i < 5; i++) {
      forward(batch);
    }
    long images = 0;
    long cpu = OS.getProcessCpuTime();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      forward(batch);
      images += batchSize;
    }
    double rate = images / ((System.nanoTime() - start) / 1e9);
    return new Rate(batchSize, rate, (OS.getProcessCpuTime() - cpu) / 1e6 / images);
  }

  /** Times 200 single-image forward passes, after a few warm-up ones. */
  Latency single() {
    for (int i = 0; i < 5; i++) {
      forward(image);
    }
    long[] single = new long[200];
    for (int i = 0; i < single.length; i++) {
      long t = System.nanoTime();
      forward(image);
      single[i] = System.nanoTime() - t;
    }
    Arrays.sort(single);
    return new Latency(single[99] / 1e6, single[197] / 1e6);
  }

  private void forward(Shape shape) {
    try (NDManager scope = manager.newSubManager()) {
      NDList out = block.forward(parameters, new NDList(scope.randomNormal(shape)), false);
      out.singletonOrThrow().softmax(1).toFloatArray();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
