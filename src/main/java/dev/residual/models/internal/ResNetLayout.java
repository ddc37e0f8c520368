package dev.residual.models.internal;

import dev.residual.models.ArchitectureSpec;
import dev.residual.models.HeadType;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@link ArchitectureSpec} unrolled for one input: every stem ConvLayer and every
 * ResBlock with its widths and stride, and the head's input size. Both the DJL network and the
 * analytic summary are read from this one layout so that they cannot disagree.
 *
 * @param featureHeight the side of the last feature map for the input the layout was made for
 */
public record ResNetLayout(
    int inputChannels,
    List<ConvLayerSpec> stem,
    List<List<ResBlockSpec>> stages,
    HeadType head,
    int features,
    long featureHeight,
    long featureWidth,
    int numClasses) {

  public ResNetLayout {
    stem = List.copyOf(stem);
    stages = stages.stream().map(List::copyOf).toList();
  }

  /** Unrolls {@code spec}, which must already be valid, for a {@code c x h x w} input. */
  public static ResNetLayout of(ArchitectureSpec spec, int c, int h, int w, int numClasses) {
    List<ConvLayerSpec> stem = new ArrayList<>();
    int ni = c;
    for (int i = 0; i < spec.stem().size(); i++) {
      int nf = spec.stem().get(i);
      stem.add(new ConvLayerSpec(ni, nf, 3, i == 0 ? 2 : 1, true, false));
      ni = nf;
    }
    long fh = Geometry.maxPoolOut(side(stem, h));
    long fw = Geometry.maxPoolOut(side(stem, w));
    List<List<ResBlockSpec>> stages = new ArrayList<>();
    boolean bottleneck = spec.expansion() > 1;
    for (int i = 0; i < spec.blocks().size(); i++) {
      int nf = spec.widths().get(i) * spec.expansion();
      List<ResBlockSpec> stage = new ArrayList<>();
      for (int j = 0; j < spec.blocks().get(i); j++) {
        int stride = i > 0 && j == 0 ? 2 : 1;
        ResBlockSpec block = new ResBlockSpec(ni, nf, stride, bottleneck, spec.residual());
        fh = block.outSide(fh);
        fw = block.outSide(fw);
        stage.add(block);
        ni = nf;
      }
      stages.add(stage);
    }
    return new ResNetLayout(c, stem, stages, spec.head(), ni, fh, fw, numClasses);
  }

  /** Inputs of the linear layer: one per channel, or one per channel and pixel for flatten. */
  public long headInFeatures() {
    return head == HeadType.FLATTEN ? features * featureHeight * featureWidth : features;
  }

  /** Linear weights and bias. */
  public long headParameters() {
    return headInFeatures() * numClasses + numClasses;
  }

  /** Every trainable parameter, as PyTorch's {@code parameters()} counts them. */
  public long parameters() {
    long total = headParameters();
    for (ConvLayerSpec conv : stem) {
      total += conv.parameters();
    }
    for (List<ResBlockSpec> stage : stages) {
      for (ResBlockSpec block : stage) {
        total += block.parameters();
      }
    }
    return total;
  }

  /**
   * Elements of the feature maps one sample leaves for the backward pass: every convolution's
   * output (its BatchNorm and ReLU keep one of the same size each, counted by the caller's factor)
   * and every shortcut's.
   */
  public long activationElements(long h, long w) {
    long total = 0;
    for (ConvLayerSpec conv : stem) {
      h = conv.outSide(h);
      w = conv.outSide(w);
      total += h * w * conv.nf();
    }
    h = Geometry.maxPoolOut(h);
    w = Geometry.maxPoolOut(w);
    for (List<ResBlockSpec> stage : stages) {
      for (ResBlockSpec block : stage) {
        long bh = h;
        long bw = w;
        for (ConvLayerSpec conv : block.convs()) {
          bh = conv.outSide(bh);
          bw = conv.outSide(bw);
          total += bh * bw * conv.nf();
        }
        total += bh * bw * block.nf();
        h = bh;
        w = bw;
      }
    }
    return total;
  }

  /** Multiply-accumulates of one sample's forward pass through every convolution and the head. */
  public long multiplyAccumulates(long h, long w) {
    long total = 0;
    for (ConvLayerSpec conv : stem) {
      h = conv.outSide(h);
      w = conv.outSide(w);
      total += conv.multiplyAccumulates(h, w);
    }
    h = Geometry.maxPoolOut(h);
    w = Geometry.maxPoolOut(w);
    for (List<ResBlockSpec> stage : stages) {
      for (ResBlockSpec block : stage) {
        total += block.multiplyAccumulates(h, w);
        h = block.outSide(h);
        w = block.outSide(w);
      }
    }
    return total + headInFeatures() * numClasses;
  }

  private static long side(List<ConvLayerSpec> stem, long side) {
    long out = side;
    for (ConvLayerSpec conv : stem) {
      out = conv.outSide(out);
    }
    return out;
  }
}
