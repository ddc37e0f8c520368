package dev.residual.datasets;

import dev.residual.datasets.images.ImageDecoder;
import java.util.Objects;

/**
 * Residual's one image pipeline, the same for training, evaluation and prediction, so that a model
 * sees at prediction exactly the pixels it was trained and evaluated on.
 *
 * <ol>
 *   <li><b>Store</b> ({@link #store}): decode with limits, convert channels, take the centre square
 *       of the shorter side and resize it to the dataset's stored side with {@link ImageResampler},
 *       as uint8. Dataset imports and the decode cache do this once per image; IDX datasets are
 *       stored this way already.
 *   <li><b>Input</b> ({@link #toInput}): resize the stored image to the network's input size with
 *       the same filter (nothing to do when they are equal), then normalise per channel. Training
 *       and evaluation batches do this on the cached bytes, prediction right after the first stage.
 * </ol>
 *
 * <p>Normalisation computes {@code x * scale + shift} in float, with {@code scale = 1 / (255 std)}
 * and {@code shift = -mean / std} ({@link Normalization#scales()}), the same two IEEE operations
 * the training engine applies, so both give the same floats. The result is an engine-neutral {@code
 * (c, h, w)} float array.
 */
public final class ImagePipeline {

  /**
   * What a network takes and how its training images were stored.
   *
   * @param channels 1 or 3
   * @param storedSize side of the square images the dataset stored
   * @param size side of the network's square input
   * @param normalization the training split's per-channel statistics
   */
  public record Input(int channels, int storedSize, int size, Normalization normalization) {

    public Input {
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
      }
      if (storedSize < 1 || size < 1) {
        throw new IllegalArgumentException("sizes must be at least 1");
      }
      if (Objects.requireNonNull(normalization, "normalization").mean().length != channels) {
        throw new IllegalArgumentException("normalization needs one mean and std per channel");
      }
    }

    /** Values per image. */
    public int values() {
      return channels * size * size;
    }
  }

  private final ImageDecoder decoder;

  /** A pipeline refusing images of more than {@code maxPixels} pixels. */
  public ImagePipeline(long maxPixels) {
    this.decoder = new ImageDecoder(maxPixels);
  }

  /**
   * The first stage: {@code bytes} (PNG or JPEG) as a {@code side × side × channels} uint8 image.
   *
   * @param shown how messages call the image, e.g. {@code image 2 (shoe.png)}
   * @throws UnusableImageException naming {@code shown}
   */
  public byte[] store(byte[] bytes, String shown, int channels, int side) {
    return decoder.decode(bytes, shown, channels, side);
  }

  /** Both stages: an uploaded image as the network's input. */
  public float[] input(byte[] bytes, String shown, Input input) {
    return toInput(store(bytes, shown, input.channels(), input.storedSize()), input);
  }

  /** The second stage: a stored image (HWC uint8 at {@code storedSize}) as the network's input. */
  public static float[] toInput(byte[] stored, Input input) {
    byte[] resized =
        input.storedSize() == input.size()
            ? stored
            : ImageResampler.resize(stored, input.channels(), input.storedSize(), input.size());
    return normalise(resized, input.channels(), input.size(), input.normalization());
  }

  /** An HWC uint8 {@code size × size} image as normalised CHW floats. */
  public static float[] normalise(byte[] hwc, int channels, int size, Normalization stats) {
    float[] scales = stats.scales();
    float[] shifts = stats.shifts();
    int plane = size * size;
    float[] out = new float[channels * plane];
    for (int i = 0; i < plane; i++) {
      for (int c = 0; c < channels; c++) {
        float x = hwc[i * channels + c] & 0xff;
        float scaled = x * scales[c];
        out[c * plane + i] = scaled + shifts[c];
      }
    }
    return out;
  }

  /** A CHW input mirrored left to right, for test-time augmentation. */
  public static float[] mirror(float[] chw, int channels, int height, int width) {
    float[] out = new float[chw.length];
    for (int row = 0; row < channels * height; row++) {
      int base = row * width;
      for (int x = 0; x < width; x++) {
        out[base + x] = chw[base + width - 1 - x];
      }
    }
    return out;
  }
}
