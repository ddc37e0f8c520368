package dev.residual.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every architecture the zoo accepts, exported to ONNX and run by ONNX Runtime, gives DJL's logits:
 * random weights and non-trivial BatchNorm statistics (so that no block is an identity), odd input
 * sizes where the shortcut's ceil-mode pooling keeps a partial window, and a batch of three through
 * the dynamic batch dimension.
 */
class OnnxExportParityTest {

  /** Largest difference allowed, relative to the largest logit's magnitude. */
  private static final double TOLERANCE = 1e-4;

  private static final int BATCH = 3;

  static Stream<Arguments> architectures() {
    ArchitectureSpec custom =
        new ArchitectureSpec(
            List.of(8, 16), List.of(16, 24, 40), List.of(1, 2, 1), BlockType.BASIC, null, true);
    ArchitectureSpec flatten =
        new ArchitectureSpec(
            List.of(8), List.of(16, 32), List.of(1, 1), BlockType.BASIC, HeadType.FLATTEN, true);
    ArchitectureSpec plain =
        new ArchitectureSpec(
            List.of(8, 16), List.of(16, 32), List.of(2, 1), BlockType.BASIC, null, false);
    ArchitectureSpec bottleneck =
        new ArchitectureSpec(
            List.of(16, 16), List.of(8, 16, 8), List.of(1, 2, 1), BlockType.BOTTLENECK, null, true);
    ArchitectureSpec plainBottleneck =
        new ArchitectureSpec(
            List.of(16),
            List.of(8, 16),
            List.of(1, 1),
            BlockType.BOTTLENECK,
            HeadType.FLATTEN,
            false);
    return Stream.of(
        Arguments.of("resnet18", named("resnet18"), 3, 33, 10),
        Arguments.of("resnet34", named("resnet34"), 1, 30, 10),
        Arguments.of("resnet50", named("resnet50"), 3, 30, 7),
        Arguments.of("resnet101", named("resnet101"), 1, 33, 10),
        Arguments.of("resnet152", named("resnet152"), 1, 33, 5),
        Arguments.of("custom 1ch 30px", custom, 1, 30, 10),
        Arguments.of("custom 3ch 33px", custom, 3, 33, 4),
        Arguments.of("flatten head 33px", flatten, 3, 33, 6),
        Arguments.of("flatten head 30px", flatten, 1, 30, 6),
        Arguments.of("residual false", plain, 1, 33, 10),
        Arguments.of("bottleneck custom", bottleneck, 3, 33, 10),
        Arguments.of("bottleneck, no shortcut, flatten", plainBottleneck, 1, 30, 3));
  }

  @ParameterizedTest(name = "{0}, {2} channel(s), {3} px")
  @MethodSource("architectures")
  void onnxRuntimeGivesDjlsLogits(
      String name, ArchitectureSpec spec, int channels, int size, int classes) throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = randomNetwork(spec, channels, size, classes, manager);
      float[] input = randomInput(BATCH * channels * size * size, 7);
      NDArray x = manager.create(input, new Shape(BATCH, channels, size, size));
      float[] expected =
          block
              .forward(new ParameterStore(manager, false), new NDList(x), false)
              .singletonOrThrow()
              .toFloatArray();

      byte[] onnx = ResNets.toOnnx(block, size, size, "test", "parity", Map.of("k", "v"));
      float[] actual = runOnnx(onnx, input, new long[] {BATCH, channels, size, size});

      assertThat(actual).hasSize(BATCH * classes);
      double scale = 0;
      double worst = 0;
      for (int i = 0; i < expected.length; i++) {
        scale = Math.max(scale, Math.abs(expected[i]));
        worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
      }
      assertThat(scale).as("logits are not all zero").isGreaterThan(1e-3);
      assertThat(worst / scale).as("max |ORT - DJL| / max |DJL|").isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void graphUsesTheDocumentedOperatorsNamesAndDynamicBatch() throws Exception {
    ArchitectureSpec spec =
        new ArchitectureSpec(
            List.of(8, 16), List.of(16, 32), List.of(1, 1), BlockType.BASIC, null, true);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = randomNetwork(spec, 1, 28, 10, manager);
      ModelProto model =
          ModelProto.parseFrom(
              ResNets.toOnnx(block, 28, 28, "1.2.3", "doc", Map.of("classes", "[\"a\"]")));
      Set<String> ops =
          model.getGraph().getNodeList().stream()
              .map(NodeProto::getOpType)
              .collect(Collectors.toSet());
      assertThat(ops)
          .containsExactlyInAnyOrder(
              "Conv",
              "BatchNormalization",
              "Relu",
              "Add",
              "MaxPool",
              "AveragePool",
              "GlobalAveragePool",
              "Flatten",
              "Gemm");
      assertThat(model.getGraph().getInput(0).getName()).isEqualTo(ResNets.ONNX_INPUT);
      assertThat(model.getGraph().getOutput(0).getName()).isEqualTo(ResNets.ONNX_OUTPUT);
      var inputDims = model.getGraph().getInput(0).getType().getTensorType().getShape();
      assertThat(inputDims.getDim(0).getDimParam()).isEqualTo("batch");
      assertThat(inputDims.getDim(1).getDimValue()).isEqualTo(1);
      assertThat(inputDims.getDim(3).getDimValue()).isEqualTo(28);
      assertThat(model.getProducerVersion()).isEqualTo("1.2.3");
      assertThat(model.getMetadataProps(0).getValue()).isEqualTo("[\"a\"]");
      assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    }
  }

  private static ArchitectureSpec named(String name) {
    return Architectures.named(name).orElseThrow();
  }

  /** A network with every parameter random, BatchNorm statistics included. */
  static Block randomNetwork(
      ArchitectureSpec spec, int channels, int size, int classes, NDManager manager) {
    Block block = ResNets.build(spec, channels, classes, size, size);
    Engine.getInstance().setRandomSeed(11);
    block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, size, size));
    Random random = new Random(5);
    for (Parameter p : block.getParameters().values()) {
      NDArray array = p.getArray();
      int n = Math.toIntExact(array.size());
      float[] values =
          switch (p.getType()) {
            case GAMMA -> uniform(random, n, 0.5f, 1.5f);
            case BETA, RUNNING_MEAN -> uniform(random, n, -0.3f, 0.3f);
            case RUNNING_VAR -> uniform(random, n, 0.5f, 2f);
            default -> null;
          };
      if (values != null) {
        array.set(FloatBuffer.wrap(values));
      }
    }
    return block;
  }

  private static float[] uniform(Random random, int n, float low, float high) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = low + random.nextFloat() * (high - low);
    }
    return values;
  }

  private static float[] randomInput(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  static float[] runOnnx(byte[] onnx, float[] input, long[] shape) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options);
          OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
          OrtSession.Result result = session.run(Map.of(ResNets.ONNX_INPUT, x))) {
        FloatBuffer out =
            ((OnnxTensor) result.get(ResNets.ONNX_OUTPUT).orElseThrow()).getFloatBuffer();
        float[] values = new float[out.remaining()];
        out.get(values);
        return values;
      }
    }
  }
}
