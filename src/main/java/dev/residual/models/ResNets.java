package dev.residual.models;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.Parameter.Type;
import dev.residual.models.internal.ResNet;
import dev.residual.models.internal.ResNetLayout;
import dev.residual.models.internal.ResNetOnnx;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds the chapter-14 ResNet of an {@link ArchitectureSpec} as an uninitialised DJL {@link
 * Block}.
 *
 * <p>Every parameter carries its PyTorch initializer, so {@code block.initialize(manager,
 * DataType.FLOAT32, new Shape(1, c, h, w))} alone gives the chapter's start: Kaiming-normal
 * convolutions (fan_in, ReLU gain), BatchNorm gamma 1 and beta 0, gamma 0 on the last BatchNorm of
 * each ResBlock with a shortcut, and {@code nn.Linear}'s default uniform init in the head. A DJL
 * {@code Trainer} applies the initializers of its {@code TrainingConfig} to the block when it is
 * created and so would override these: leave them out ({@code DefaultTrainingConfig} has none until
 * {@code optInitializer} is called), or initialize the block first, with the model's manager, since
 * {@code initialize} skips parameters that already hold values.
 *
 * <p>Parameter paths use the chapter's words, e.g. {@code
 * 02Stage_01ResBlock_01convs_01ConvLayer_01Conv2d_weight}; a noop pool or idconv has no entry.
 */
public final class ResNets {

  /** PyTorch keeps these as buffers, not parameters, and so do the counts here. */
  private static final Set<Type> RUNNING_STATISTICS =
      EnumSet.of(Type.RUNNING_MEAN, Type.RUNNING_VAR);

  /** The input of an exported ONNX graph: {@code [batch, c, h, w]} float32, normalised. */
  public static final String ONNX_INPUT = ResNetOnnx.INPUT;

  /** The output of an exported ONNX graph: {@code [batch, classes]} float32 logits. */
  public static final String ONNX_OUTPUT = ResNetOnnx.OUTPUT;

  private ResNets() {}

  /**
   * Serialises a network built by {@link #build} and loaded with its parameters as an ONNX model
   * (IR 8, opset 17) for {@code inputHeight x inputWidth} images and any batch size.
   *
   * @param producerVersion Residual's version, recorded as the model's producer version
   * @param doc the model's doc string
   * @param metadataProps the model's {@code metadata_props}, in order
   */
  public static byte[] toOnnx(
      Block network,
      int inputHeight,
      int inputWidth,
      String producerVersion,
      String doc,
      Map<String, String> metadataProps) {
    return ResNetOnnx.export(network, inputHeight, inputWidth, producerVersion, doc, metadataProps)
        .toByteArray();
  }

  /**
   * Builds the network for {@code inputChannels x inputHeight x inputWidth} images and {@code
   * numClasses} outputs. The size matters only to the flatten head, which is fixed to it, and to
   * validation; an avgpool network accepts any size that is large enough.
   *
   * @throws dev.residual.system.DomainException if the spec or sizes are invalid
   */
  public static Block build(
      ArchitectureSpec spec, int inputChannels, int numClasses, int inputHeight, int inputWidth) {
    ArchitectureValidator.validate(spec, inputChannels, inputHeight, inputWidth, numClasses);
    return new ResNet(ResNetLayout.of(spec, inputChannels, inputHeight, inputWidth, numClasses));
  }

  /**
   * Counts the trainable parameters of an initialised block the way PyTorch's {@code sum(p.numel()
   * for p in m.parameters())} does: BatchNorm running statistics are left out.
   */
  public static long parameterCount(Block block) {
    long total = 0;
    for (Parameter parameter : block.getParameters().values()) {
      if (parameter.getShape() == null) {
        throw new IllegalStateException(
            "parameter " + parameter.getName() + " has no shape yet: initialize the block first");
      }
      if (!RUNNING_STATISTICS.contains(parameter.getType())) {
        total += parameter.getShape().size();
      }
    }
    return total;
  }
}
