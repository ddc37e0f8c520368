package dev.residual.inference.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker thread's forward pass: stacks preprocessed images into one {@code (n, c, h, w)} batch,
 * runs the network in inference mode and returns each image's class probabilities. Every array of a
 * batch lives in a sub-manager closed at the end of the batch.
 */
final class BlockForward implements BatchWorkers.Handler<float[], float[]> {

  private final NDManager modelManager;
  private final boolean pytorch;
  private final Block block;
  private final ParameterStore parameters;
  private final int channels;
  private final int height;
  private final int width;
  private final ByteBuffer staging;

  /** Call on the worker thread that will use it: it turns that thread's autograd off. */
  BlockForward(NDManager modelManager, Block block, int[] chw, int maxBatchSize) {
    this.modelManager = modelManager;
    this.block = block;
    this.parameters = new ParameterStore(modelManager, false);
    this.channels = chw[0];
    this.height = chw[1];
    this.width = chw[2];
    this.staging =
        ByteBuffer.allocateDirect(maxBatchSize * channels * height * width * Float.BYTES)
            .order(ByteOrder.nativeOrder());
    this.pytorch = "PyTorch".equals(modelManager.getEngine().getEngineName());
  }

  @Override
  public List<float[]> process(List<float[]> images) {
    if (pytorch) {
      // libtorch's grad mode is per thread and on by default, and a batch may run on a request's
      // thread: without this it would record an autograd graph that nobody back-propagates.
      JniUtils.setGradMode(false);
    }
    int n = images.size();
    int size = channels * height * width;
    staging.clear();
    FloatBuffer floats = staging.asFloatBuffer();
    for (float[] image : images) {
      if (image.length != size) {
        throw new IllegalArgumentException("an image has " + image.length + " values, not " + size);
      }
      floats.put(image);
    }
    staging.limit(n * size * Float.BYTES);
    try (NDManager batch = modelManager.newSubManager()) {
      NDArray x = batch.create(staging, new Shape(n, channels, height, width), DataType.FLOAT32);
      NDArray logits = block.forward(parameters, new NDList(x), false).singletonOrThrow();
      float[] flat = logits.softmax(1).toFloatArray();
      int classes = flat.length / n;
      List<float[]> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        float[] row = new float[classes];
        System.arraycopy(flat, i * classes, row, 0, classes);
        out.add(row);
      }
      return out;
    }
  }
}
