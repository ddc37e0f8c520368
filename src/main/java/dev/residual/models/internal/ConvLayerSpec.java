package dev.residual.models.internal;

/**
 * One ConvLayer of the chapter: a {@code ks x ks} convolution without bias (padding {@code ks /
 * 2}), a BatchNorm, and a ReLU when {@code act}.
 *
 * @param zeroGamma whether the BatchNorm starts with gamma 0, as the last one of a ResBlock does
 */
public record ConvLayerSpec(int ni, int nf, int ks, int stride, boolean act, boolean zeroGamma) {

  /** Weights {@code nf x ni x ks x ks} plus BatchNorm gamma and beta. */
  public long parameters() {
    return (long) nf * ni * ks * ks + 2L * nf;
  }

  /** Multiply-accumulates of the convolution for an output of {@code outH x outW}. */
  public long multiplyAccumulates(long outH, long outW) {
    return outH * outW * nf * ni * ks * ks;
  }

  public long outSide(long side) {
    return Geometry.convOut(side, ks, stride);
  }

  /** A short label for summaries, e.g. {@code ConvLayer(3, 32, stride=2)}. */
  public String label() {
    StringBuilder label = new StringBuilder("ConvLayer(").append(ni).append(", ").append(nf);
    if (ks != 3) {
      label.append(", ks=").append(ks);
    }
    if (stride != 1) {
      label.append(", stride=").append(stride);
    }
    if (!act) {
      label.append(", act=False");
    }
    return label.append(')').toString();
  }
}
