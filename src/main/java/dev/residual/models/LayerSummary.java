package dev.residual.models;

import java.util.List;

/**
 * One row of a {@link ModelSummary}: a stem ConvLayer, the stem's pool, a ResBlock or a head layer.
 *
 * @param name the layer's place and kind, e.g. {@code stage2.0 ResBlock(64, 128, stride=2)}
 * @param outputShape for a batch of one, as the DJL layer returns it: {@code [1, channels, height,
 *     width]} for feature maps, {@code [1, n]} from the head's pool on (DJL's global pool yields
 *     {@code [1, channels]} where PyTorch's AdaptiveAvgPool2d(1) keeps {@code [1, channels, 1, 1]})
 * @param parameters trainable parameters of the layer (BatchNorm running statistics excluded)
 */
public record LayerSummary(String name, List<Long> outputShape, long parameters) {

  public LayerSummary {
    outputShape = List.copyOf(outputShape);
  }
}
