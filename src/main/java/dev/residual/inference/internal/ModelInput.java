package dev.residual.inference.internal;

import dev.residual.checkpoints.CheckpointMetadata;
import java.util.List;

/**
 * The input a network was trained on: {@code channels × height × width} images whose [0, 1] pixel
 * values were normalised per channel as {@code (x - mean) / std}.
 */
public record ModelInput(int channels, int height, int width, float[] mean, float[] std) {

  public ModelInput {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException(
          "only 1- and 3-channel models are served, not " + channels);
    }
    if (height < 1 || width < 1 || mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException("bad input description");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** Read from a checkpoint's {@code inputShape} and {@code normalization}. */
  public static ModelInput of(CheckpointMetadata metadata) {
    List<Integer> shape = metadata.inputShape();
    return new ModelInput(
        shape.get(0),
        shape.get(1),
        shape.get(2),
        floats(metadata.normalization().mean()),
        floats(metadata.normalization().std()));
  }

  /** Values per image. */
  public int size() {
    return channels * height * width;
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
