package dev.residual.models.internal;

/**
 * Output sides of the chapter's layers, with PyTorch's rounding, so that shapes and costs can be
 * worked out without running the network.
 */
public final class Geometry {

  private Geometry() {}

  /** A convolution padded by {@code ks / 2}, as every ConvLayer is. */
  public static long convOut(long side, int ks, int stride) {
    int padding = ks / 2;
    return Math.floorDiv(side + 2L * padding - ks, stride) + 1;
  }

  /** The stem's MaxPool2d(3, stride 2, padding 1). */
  public static long maxPoolOut(long side) {
    return Math.floorDiv(side + 2 - 3, 2) + 1;
  }

  /**
   * The shortcut's AvgPool2d(2, stride 2, ceil_mode). Ceil mode keeps a partial window at an odd
   * edge; PyTorch drops a window only if it would start outside the input, hence the correction.
   */
  public static long shortcutPoolOut(long side) {
    long out = Math.floorDiv(side - 2 + 1, 2) + 1;
    return (out - 1) * 2 >= side ? out - 1 : out;
  }
}
