package dev.residual.models.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.residual.models.HeadType;
import java.util.List;
import java.util.Map;

/**
 * Writes a loaded {@link ResNet} as an ONNX graph, walking the same {@link ResNetLayout} its blocks
 * were built from and reading each block's parameters.
 *
 * <p>Each ConvLayer is a bias-free Conv and a BatchNormalization in inference mode, followed by
 * Relu when it has one; a ResBlock adds its shortcut ({@code AveragePool} with {@code ceil_mode}
 * and without padding counted, then the idconv's Conv and BatchNormalization) before the Relu; the
 * stem ends in MaxPool and the head is GlobalAveragePool (unless flatten), Flatten and Gemm. Names
 * follow the network's: {@code stem.0.conv.weight}, {@code stages.1.0.convs.1.bn.running_var},
 * {@code stages.1.0.idconv.conv.weight}, {@code head.fc.bias}.
 */
public final class ResNetOnnx {

  /** The graph's input: {@code [batch, channels, height, width]} float32, normalised. */
  public static final String INPUT = "input";

  /** The graph's output: {@code [batch, classes]} float32 logits, before softmax. */
  public static final String OUTPUT = "logits";

  private static final String BATCH = "batch";

  private final OnnxGraph graph = new OnnxGraph("residual_resnet");

  private ResNetOnnx() {}

  /**
   * The ONNX model of {@code network}, whose parameters must be loaded, with a dynamic batch
   * dimension and the given {@code metadata_props}.
   */
  public static ModelProto export(
      Block network,
      int height,
      int width,
      String producerVersion,
      String doc,
      Map<String, String> metadata) {
    if (!(network instanceof ResNet resnet)) {
      throw new IllegalArgumentException("only networks built by ResNets.build can be exported");
    }
    ResNetLayout layout = resnet.layout();
    ResNetOnnx onnx = new ResNetOnnx();
    String x = onnx.stem(layout, (Stem) child(resnet, 0));
    for (int i = 0; i < layout.stages().size(); i++) {
      x = onnx.stage(i, x, (Stage) child(resnet, i + 1));
    }
    onnx.head(x, layout, (Head) child(resnet, layout.stages().size() + 1));
    onnx.graph.input(INPUT, new long[] {-1, layout.inputChannels(), height, width}, BATCH);
    onnx.graph.output(OUTPUT, new long[] {-1, layout.numClasses()}, BATCH);
    return onnx.graph.model("Residual", producerVersion, doc, metadata);
  }

  private String stem(ResNetLayout layout, Stem stem) {
    String x = INPUT;
    for (int i = 0; i < layout.stem().size(); i++) {
      x = convLayer("stem." + i, x, layout.stem().get(i), (ConvLayer) child(stem, i));
    }
    return graph.node(
        "MaxPool",
        "stem.maxpool",
        new String[] {x},
        OnnxGraph.ints("kernel_shape", 3, 3),
        OnnxGraph.ints("strides", 2, 2),
        OnnxGraph.ints("pads", 1, 1, 1, 1));
  }

  private String stage(int index, String input, Stage stage) {
    String x = input;
    List<Block> blocks = stage.getChildren().values();
    for (int j = 0; j < blocks.size(); j++) {
      x = resBlock("stages." + index + "." + j, x, (ResBlock) blocks.get(j));
    }
    return x;
  }

  private String resBlock(String name, String input, ResBlock block) {
    ResBlockSpec spec = block.spec();
    String x = input;
    List<ConvLayerSpec> convs = spec.convs();
    Block path = block.convs();
    for (int i = 0; i < convs.size(); i++) {
      x = convLayer(name + ".convs." + i, x, convs.get(i), (ConvLayer) child(path, i));
    }
    if (spec.residual()) {
      String shortcut = input;
      if (spec.pooled()) {
        // PyTorch's AvgPool2d(2, ceil_mode=True): a partial window at an odd edge averages only
        // the pixels it covers, which with no padding is what count_include_pad=0 does.
        shortcut =
            graph.node(
                "AveragePool",
                name + ".pool",
                new String[] {shortcut},
                OnnxGraph.ints("kernel_shape", 2, 2),
                OnnxGraph.ints("strides", 2, 2),
                OnnxGraph.integer("ceil_mode", 1),
                OnnxGraph.integer("count_include_pad", 0));
      }
      if (spec.idconv().isPresent()) {
        shortcut =
            convLayer(name + ".idconv", shortcut, spec.idconv().get(), (ConvLayer) block.idconv());
      }
      x = graph.node("Add", name + ".add", new String[] {x, shortcut});
    }
    return graph.node("Relu", name + ".relu", new String[] {x});
  }

  private String convLayer(String name, String input, ConvLayerSpec spec, ConvLayer layer) {
    Block conv = child(layer, 0);
    Block bn = child(layer, 1);
    String weight =
        graph.initializer(
            name + ".conv.weight",
            new long[] {spec.nf(), spec.ni(), spec.ks(), spec.ks()},
            values(conv, "weight"));
    int pad = spec.ks() / 2;
    String x =
        graph.node(
            "Conv",
            name + ".conv",
            new String[] {input, weight},
            OnnxGraph.ints("kernel_shape", spec.ks(), spec.ks()),
            OnnxGraph.ints("strides", spec.stride(), spec.stride()),
            OnnxGraph.ints("pads", pad, pad, pad, pad));
    long[] channels = {spec.nf()};
    String[] bnInputs = {
      x,
      graph.initializer(name + ".bn.weight", channels, values(bn, "gamma")),
      graph.initializer(name + ".bn.bias", channels, values(bn, "beta")),
      graph.initializer(name + ".bn.running_mean", channels, values(bn, "runningMean")),
      graph.initializer(name + ".bn.running_var", channels, values(bn, "runningVar"))
    };
    x =
        graph.node(
            "BatchNormalization",
            name + ".bn",
            bnInputs,
            OnnxGraph.real("epsilon", ConvLayer.BN_EPSILON));
    return spec.act() ? graph.node("Relu", name + ".relu", new String[] {x}) : x;
  }

  private void head(String input, ResNetLayout layout, Head head) {
    String x = input;
    if (layout.head() == HeadType.AVGPOOL) {
      x = graph.node("GlobalAveragePool", "head.pool", new String[] {x});
    }
    x = graph.node("Flatten", "head.flatten", new String[] {x}, OnnxGraph.integer("axis", 1));
    Block linear = child(head, head.getChildren().size() - 1);
    String weight =
        graph.initializer(
            "head.fc.weight",
            new long[] {layout.numClasses(), layout.headInFeatures()},
            values(linear, "weight"));
    String bias =
        graph.initializer("head.fc.bias", new long[] {layout.numClasses()}, values(linear, "bias"));
    graph.node("Gemm", OUTPUT, new String[] {x, weight, bias}, OnnxGraph.integer("transB", 1));
  }

  private static Block child(Block block, int index) {
    return block.getChildren().get(index).getValue();
  }

  private static float[] values(Block block, String parameter) {
    Parameter p = block.getParameters().get(parameter);
    if (p == null || !p.isInitialized()) {
      throw new IllegalStateException(
          "parameter " + parameter + " of " + block + " is missing: load the network first");
    }
    NDArray array = p.getArray();
    return array.toFloatArray();
  }
}
