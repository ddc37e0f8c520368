package dev.residual.datasets;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per-channel mean and standard deviation of a training split, in [0, 1] pixel units, for
 * normalising inputs as {@code (x - mean) / std}.
 */
public record Normalization(float[] mean, float[] std) {

  public Normalization {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException("need one mean and one std per channel");
    }
    mean = mean.clone();
    std = std.clone();
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * Per channel, {@code 1 / (255 std)}: with {@link #shifts()}, {@code x * scale + shift}
   * normalises a uint8 sample {@code x}. A channel without variance is only centred.
   */
  public float[] scales() {
    float[] scales = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      scales[c] = (float) (1.0 / (255.0 * safeStd(c)));
    }
    return scales;
  }

  /** Per channel, {@code -mean / std}; see {@link #scales()}. */
  public float[] shifts() {
    float[] shifts = new float[mean.length];
    for (int c = 0; c < mean.length; c++) {
      shifts[c] = (float) (-mean[c] / safeStd(c));
    }
    return shifts;
  }

  private double safeStd(int c) {
    return std[c] > 1e-8 ? std[c] : 1.0;
  }

  @Override
  public String toString() {
    return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }

  /** Population statistics over every pixel of {@code split}. */
  public static Normalization of(ImageSplit split) {
    int channels = split.channels();
    // Exact integer sums: 255² per pixel times even billions of pixels stays within a long.
    long[] sum = new long[channels];
    long[] sumOfSquares = new long[channels];
    byte[] pixels = split.pixels();
    for (int i = 0; i < pixels.length; i++) {
      int value = pixels[i] & 0xff;
      int channel = i % channels;
      sum[channel] += value;
      sumOfSquares[channel] += value * value;
    }
    long perChannel = Math.max(1, pixels.length / channels);
    float[] mean = new float[channels];
    float[] std = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = sum[c] / (255.0 * perChannel);
      double meanOfSquares = sumOfSquares[c] / (255.0 * 255.0 * perChannel);
      mean[c] = (float) m;
      std[c] = (float) Math.sqrt(Math.max(0, meanOfSquares - m * m));
    }
    return new Normalization(mean, std);
  }
}
