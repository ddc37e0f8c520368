package dev.residual.inference.internal;

import dev.residual.checkpoints.CheckpointMetadata;
import dev.residual.datasets.ImagePipeline;
import dev.residual.datasets.Normalization;
import java.util.List;

/**
 * The input a network was trained on: {@code channels × height × width} images whose [0, 1] pixel
 * values were normalised per channel as {@code (x - mean) / std}, resized from a dataset that
 * stored its images at {@code storedSize}.
 */
public record ModelInput(
    int channels, int height, int width, float[] mean, float[] std, int storedSize) {

  public ModelInput {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "only 1- and 3-channel models are served, not " + channels);
    }
    if (height < 1 || width < 1 || mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("bad input description");
    }
    if (height != width) {
      throw new IllegalArgumentException(
          "only square inputs are served, not " + height + "×" + width);
    }
    if (storedSize < 1) {
      throw new IllegalArgumentException("storedSize must be at least 1");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** An input whose images were stored at the input size. */
  public ModelInput(int channels, int height, int width, float[] mean, float[] std) {
    this(channels, height, width, mean, std, height);
  }

  /**
   * Read from a checkpoint's {@code inputShape}, {@code normalization} and {@code storedSize};
   * checkpoints without a stored size were trained at their dataset's size.
   */
  public static ModelInput of(CheckpointMetadata metadata) {
    List<Integer> shape = metadata.inputShape();
    Integer stored = metadata.storedSize();
    return new ModelInput(
        shape.get(0),
        shape.get(1),
        shape.get(2),
        floats(metadata.normalization().mean()),
        floats(metadata.normalization().std()),
        stored == null ? shape.get(1) : stored);
  }

  /** Values per image. */
  public int size() {
    return channels * height * width;
  }

  /** What the image pipeline needs to turn an upload into this input. */
  public ImagePipeline.Input pipeline() {
    return new ImagePipeline.Input(channels, storedSize, height, new Normalization(mean, std));
  }

  int[] chw() {
    return new int[] {channels, height, width};
  }

  private static float[] floats(List<Float> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
