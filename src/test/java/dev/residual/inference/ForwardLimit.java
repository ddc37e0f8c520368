package dev.residual.inference;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.models.ResNets;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the hardware allows without any serving around it: a checkpoint's network run in-process, in
 * batches of 32 (throughput) and of one image (latency), no HTTP, no decoding, no queue.
 */
final class ForwardLimit implements AutoCloseable {

  /** Images per second at batch 32 and a single image's forward pass in milliseconds. */
  record Measured(double batchedImagesPerSecond, double singleP50Ms, double singleP99Ms) {}

  private final NDManager manager = NDManager.newBaseManager();
  private final Block block;
  private final Shape image;

  /** Rebuilds the network of a checkpoint archive (the bytes {@code GET .../download} sends). */
  ForwardLimit(byte[] archive) throws Exception {
    byte[] metadataJson = null;
    byte[] parameters = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().equals("metadata.json")) {
          metadataJson = zip.readAllBytes();
        } else if (e.getName().equals("model.params")) {
          parameters = zip.readAllBytes();
        }
      }
    }
    if (metadataJson == null || parameters == null) {
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
    block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
    if ("PyTorch".equals(Engine.getInstance().getEngineName())) {
      JniUtils.setGradMode(false); // as the service's workers: inference without autograd
    }
  }

  Measured measure(double seconds) {
    ParameterStore parameters = new ParameterStore(manager, false);
    Shape batch = new Shape(32, image.get(1), image.get(2), image.get(3));
    for (int i = 0; i < 5; i++) {
      forward(parameters, batch);
      forward(parameters, image);
    }
    long images = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (System.nanoTime() < end) {
      forward(parameters, batch);
      images += 32;
    }
    double rate = images / ((System.nanoTime() - start) / 1e9);
    long[] single = new long[200];
    for (int i = 0; i < single.length; i++) {
      long t = System.nanoTime();
      forward(parameters, image);
      single[i] = System.nanoTime() - t;
    }
    Arrays.sort(single);
    return new Measured(rate, single[100] / 1e6, single[197] / 1e6);
  }

  private void forward(ParameterStore parameters, Shape shape) {
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
