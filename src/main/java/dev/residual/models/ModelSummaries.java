package dev.residual.models;

import dev.residual.models.internal.ConvLayerSpec;
import dev.residual.models.internal.Geometry;
import dev.residual.models.internal.ResBlockSpec;
import dev.residual.models.internal.ResNetLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out a {@link ModelSummary} from the spec alone, without building the network or loading the
 * native engine, so a resnet152 at 224 px costs microseconds. The rows follow the DJL block built
 * by {@link ResNets}: one per stem ConvLayer, the stem's MaxPool, one per ResBlock, and one per
 * head layer.
 */
public final class ModelSummaries {

  private ModelSummaries() {}

  /**
   * Summarises the network of {@code spec} for one {@code channels x height x width} image.
   *
   * @throws dev.residual.system.DomainException if the spec or sizes are invalid
   */
  public static ModelSummary of(
      ArchitectureSpec spec, int channels, int height, int width, int numClasses) {
    ArchitectureValidator.validate(spec, channels, height, width, numClasses);
    ResNetLayout layout = ResNetLayout.of(spec, channels, height, width, numClasses);
    Rows rows = new Rows();
    long h = height;
    long w = width;
    List<ConvLayerSpec> stem = layout.stem();
    for (int i = 0; i < stem.size(); i++) {
      ConvLayerSpec conv = stem.get(i);
      h = conv.outSide(h);
      w = conv.outSide(w);
      String name = "stem." + i + " " + conv.label();
      rows.add(name, conv.parameters(), conv.multiplyAccumulates(h, w), conv.nf(), h, w);
    }
    h = Geometry.maxPoolOut(h);
    w = Geometry.maxPoolOut(w);
    long stemOut = stem.get(stem.size() - 1).nf();
    rows.add("stem." + stem.size() + " MaxPool2d(3, stride=2, padding=1)", 0, 0, stemOut, h, w);
    for (int i = 0; i < layout.stages().size(); i++) {
      List<ResBlockSpec> stage = layout.stages().get(i);
      for (int j = 0; j < stage.size(); j++) {
        ResBlockSpec block = stage.get(j);
        long macs = block.multiplyAccumulates(h, w);
        h = block.outSide(h);
        w = block.outSide(w);
        String name = "stage" + (i + 1) + "." + j + " " + block.label();
        rows.add(name, block.parameters(), macs, block.nf(), h, w);
      }
    }
    int index = 0;
    if (layout.head() == HeadType.AVGPOOL) {
      // DJL's global pool already drops the 1x1 that PyTorch's AdaptiveAvgPool2d(1) keeps.
      rows.add("head." + index++ + " AdaptiveAvgPool2d(1)", 0, 0, layout.features());
    }
    long in = layout.headInFeatures();
    rows.add("head." + index++ + " Flatten", 0, 0, in);
    String linear = "head." + index + " Linear(" + in + ", " + numClasses + ")";
    rows.add(linear, layout.headParameters(), in * numClasses, numClasses);
    return new ModelSummary(
        rows.parameters, rows.macs, List.of(1L, (long) numClasses), rows.layers);
  }

  /** Accumulates rows and their totals. */
  private static final class Rows {
    private final List<LayerSummary> layers = new ArrayList<>();
    private long parameters;
    private long macs;

    /** Adds a row whose output, for a batch of one, is {@code [1, dims...]}. */
    void add(String name, long layerParameters, long layerMacs, long... dims) {
      List<Long> shape = new ArrayList<>(dims.length + 1);
      shape.add(1L);
      for (long dim : dims) {
        shape.add(dim);
      }
      layers.add(new LayerSummary(name, shape, layerParameters));
      parameters += layerParameters;
      macs += layerMacs;
    }
  }
}
