package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.residual.datasets.ImagePipeline;
import dev.residual.datasets.ImageResampler;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Turns an in-memory uint8 split into normalised float batches on the engine: the second stage of
 * the {@link ImagePipeline}, as prediction runs it.
 *
 * <p>The images are gathered into one reused direct buffer, augmented on the way ({@link
 * ImageAugmenter}) and resized to the asked size with the pipeline's filter ({@link
 * ImageResampler}), so that evaluation sees exactly the pixels prediction computes. Only bytes
 * cross to the engine (a quarter of the float size): they are uploaded as {@code (n, h, w, c)}
 * uint8, converted to float, scaled and shifted per channel along the last axis with {@link
 * Normalization#scales()} and {@link Normalization#shifts()}, and viewed as {@code (n, c, h, w)}.
 */
final class BatchLoader implements AutoCloseable {

  private final ImageSplit split;
  private final int batchSize;
  private final Integer imageSize;
  private final NDManager manager;
  private final NDArray scale;
  private final NDArray shift;
  private ByteBuffer staging;

  BatchLoader(
      ImageSplit split,
      Normalization normalization,
      Integer imageSize,
      int batchSize,
      NDManager parent) {
    if (normalization.mean().length != split.channels()) {
      throw new IllegalArgumentException(
          "normalization has "
              + normalization.mean().length
              + " channels, the images "
              + split.channels());
    }
    this.split = split;
    this.batchSize = batchSize;
    this.imageSize =
        imageSize == null || imageSize == split.height() && imageSize == split.width()
            ? null
            : imageSize;
    this.manager = parent.newSubManager();
    // x_norm = (x / 255 - mean) / std = x * scale + shift, as ImagePipeline.normalise
    this.scale = manager.create(normalization.scales());
    this.shift = manager.create(normalization.shifts());
    this.staging = ByteBuffer.allocateDirect(maxBatch() * split.imageBytes());
  }

  private int maxBatch() {
    return Math.max(1, Math.min(batchSize, split.count()));
  }

  /** Batches per training epoch: full batches only, but at least one when there are images. */
  int trainBatches(Integer limit) {
    int full = split.count() / batchSize;
    int batches = full == 0 && split.count() > 0 ? 1 : full;
    return limit == null ? batches : Math.min(batches, limit);
  }

  /** Batches for validation: every image, the last batch possibly short. */
  int validBatches(Integer limit) {
    int batches = (split.count() + batchSize - 1) / batchSize;
    return limit == null ? batches : Math.min(batches, limit);
  }

  /** Images in batch {@code batch} of {@code order}. */
  int batchLength(int[] order, int batch) {
    return Math.min(batchSize, order.length - batch * batchSize);
  }

  /**
   * Images and int64 labels of batch {@code batch} of {@code order}, created in {@code target}, at
   * the loader's image size and without augmentation.
   */
  NDList batch(NDManager target, int[] order, int batch) {
    return batch(target, order, batch, imageSize, Augmentation.NONE, 0);
  }

  /**
   * Images and int64 labels of batch {@code batch} of {@code order}, created in {@code target}.
   *
   * @param size side of the square images produced; null keeps the stored size
   * @param augmentation applied image by image; {@link Augmentation#NONE} for validation
   * @param seed seeds every random choice of the batch's augmentation
   */
  NDList batch(
      NDManager target,
      int[] order,
      int batch,
      Integer size,
      Augmentation augmentation,
      long seed) {
    int start = batch * batchSize;
    int count = batchLength(order, batch);
    int h = split.height();
    int w = split.width();
    int c = split.channels();
    int outH = size != null ? size : h;
    int outW = size != null ? size : w;
    boolean resized = outH != h || outW != w;
    ByteBuffer buffer = staging(count * outH * outW * c);
    int imageBytes = split.imageBytes();
    byte[] pixels = split.pixels();
    int[] labels = split.labels();
    long[] batchLabels = new long[count];
    SplittableRandom random = new SplittableRandom(seed);
    boolean augmented = augmentation.isActive();
    byte[] image = new byte[outH * outW * c];
    byte[] scratch = augmented && resized ? new byte[imageBytes] : null;
    for (int i = 0; i < count; i++) {
      int index = order[start + i];
      int offset = index * imageBytes;
      if (augmented) {
        ImageAugmenter.write(
            augmentation, pixels, offset, h, w, c, image, outH, outW, random, scratch);
        buffer.put(image);
      } else if (resized) {
        ImageResampler.resize(
            pixels, offset, h, w, c, ImageResampler.Box.whole(h, w), false, image, 0, outH, outW);
        buffer.put(image);
      } else {
        buffer.put(pixels, offset, imageBytes);
      }
      batchLabels[i] = labels[index];
    }
    buffer.flip();
    Shape shape = new Shape(count, outH, outW, c);
    NDArray images;
    try (NDArray bytes = target.create(buffer, shape, DataType.UINT8)) {
      images = bytes.toType(DataType.FLOAT32, true);
    }
    images.muli(scale).addi(shift);
    return new NDList(images.transpose(0, 3, 1, 2), target.create(batchLabels));
  }

  /** The reused staging buffer, cleared, grown when a larger image size needs more room. */
  private ByteBuffer staging(int bytes) {
    if (staging.capacity() < bytes) {
      staging = ByteBuffer.allocateDirect(bytes);
    }
    staging.clear();
    return staging;
  }

  /** Indices 0..n-1 in order, for validation. */
  int[] inOrder() {
    int[] order = new int[split.count()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    return order;
  }

  /**
   * A permutation of 0..n-1 that depends only on {@code seed} and {@code epoch}, so that a resumed
   * run sees the same order as an uninterrupted one without saving any generator state.
   */
  int[] shuffled(long seed, int epoch) {
    int[] order = inOrder();
    SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (epoch + 1L)));
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  /** Size of the images fed to the network: the resize target or the stored size. */
  Shape inputShape() {
    return inputShape(imageSize);
  }

  /** Size of the images fed to the network at side {@code size} (null: the stored size). */
  Shape inputShape(Integer size) {
    int h = size == null ? split.height() : size;
    int w = size == null ? split.width() : size;
    return new Shape(1, split.channels(), h, w);
  }

  @Override
  public void close() {
    manager.close();
  }
}
