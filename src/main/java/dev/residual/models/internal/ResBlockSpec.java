package dev.residual.models.internal;

import java.util.List;
import java.util.Optional;

/**
 * One ResBlock of the chapter: {@code ReLU(convs(x) + idconv(pool(x)))}, or {@code ReLU(convs(x))}
 * without a shortcut.
 *
 * @param nf the output width, already multiplied by the expansion for a bottleneck
 */
public record ResBlockSpec(int ni, int nf, int stride, boolean bottleneck, boolean residual) {

  /** The main path; the last BatchNorm starts at gamma 0 when there is a shortcut. */
  public List<ConvLayerSpec> convs() {
    if (bottleneck) {
      int mid = nf / 4;
      return List.of(
          new ConvLayerSpec(ni, mid, 1, 1, true, false),
          new ConvLayerSpec(mid, mid, 3, stride, true, false),
          new ConvLayerSpec(mid, nf, 1, 1, false, residual));
    }
    return List.of(
        new ConvLayerSpec(ni, nf, 3, stride, true, false),
        new ConvLayerSpec(nf, nf, 3, 1, false, residual));
  }

  /** Whether the shortcut average-pools (stride 2); otherwise the pool is a noop. */
  public boolean pooled() {
    return residual && stride != 1;
  }

  /** The shortcut's 1x1 ConvLayer when the width changes; otherwise idconv is a noop. */
  public Optional<ConvLayerSpec> idconv() {
    return residual && ni != nf
        ? Optional.of(new ConvLayerSpec(ni, nf, 1, 1, false, false))
        : Optional.empty();
  }

  public long parameters() {
    long total = idconv().map(ConvLayerSpec::parameters).orElse(0L);
    for (ConvLayerSpec conv : convs()) {
      total += conv.parameters();
    }
    return total;
  }

  /** Output side for an input side: the strided convolution is the only one that shrinks. */
  public long outSide(long side) {
    long out = side;
    for (ConvLayerSpec conv : convs()) {
      out = conv.outSide(out);
    }
    return out;
  }

  /** Multiply-accumulates of every convolution in the block, shortcut included. */
  public long multiplyAccumulates(long inH, long inW) {
    long total = 0;
    long h = inH;
    long w = inW;
    for (ConvLayerSpec conv : convs()) {
      h = conv.outSide(h);
      w = conv.outSide(w);
      total += conv.multiplyAccumulates(h, w);
    }
    if (idconv().isPresent()) {
      long sh = pooled() ? Geometry.shortcutPoolOut(inH) : inH;
      long sw = pooled() ? Geometry.shortcutPoolOut(inW) : inW;
      total += idconv().get().multiplyAccumulates(sh, sw);
    }
    return total;
  }

  /** A short label for summaries, e.g. {@code ResBlock(64, 128, stride=2)}. */
  public String label() {
    return "ResBlock("
        + ni
        + ", "
        + nf
        + (stride != 1 ? ", stride=" + stride : "")
        + (bottleneck ? ", bottleneck" : "")
        + (residual ? "" : ", no shortcut")
        + ")";
  }
}
