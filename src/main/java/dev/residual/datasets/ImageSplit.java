package dev.residual.datasets;

import java.util.Objects;

/**
 * One split of an image-classification dataset held in memory as raw bytes: {@code count} images of
 * {@code channels × height × width} unsigned bytes each, laid out image after image in HWC order
 * (for one channel that is simply row-major pixels), with one class index per image.
 *
 * <p>Kept as bytes, not floats, so that Fashion-MNIST's 60,000 training images take 47 MB rather
 * than 188 MB; conversion and normalisation happen per batch on the engine's side.
 */
public record ImageSplit(
    int count, int channels, int height, int width, byte[] pixels, int[] labels) {

  public ImageSplit {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(labels, "labels");
    if (count < 0 || channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException("bad split dimensions");
    }
    if ((long) count * channels * height * width != pixels.length) {
      throw new IllegalArgumentException(
          "pixels hold "
              + pixels.length
              + " bytes, not "
              + count
              + "×"
              + channels
              + "×"
              + height
              + "×"
              + width);
    }
    if (labels.length != count) {
      throw new IllegalArgumentException(labels.length + " labels for " + count + " images");
    }
  }

  /** Bytes per image. */
  public int imageBytes() {
    return channels * height * width;
  }
}
