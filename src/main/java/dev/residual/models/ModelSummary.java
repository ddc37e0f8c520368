package dev.residual.models;

import java.util.List;

/**
 * What fastai's {@code learn.summary()} shows for a network: its layers with their output shapes
 * and parameters, and totals.
 *
 * @param parameters trainable parameters, as PyTorch counts them
 * @param multiplyAccumulates for one image: every convolution ({@code out_h * out_w * out_c * in_c
 *     * k * k}) and the linear layer ({@code in * out}); BatchNorm, ReLU, pooling and the shortcut
 *     additions are not counted
 * @param outputShape for a batch of one, {@code [1, numClasses]}
 */
public record ModelSummary(
    long parameters, long multiplyAccumulates, List<Long> outputShape, List<LayerSummary> layers) {

  public ModelSummary {
    outputShape = List.copyOf(outputShape);
    layers = List.copyOf(layers);
  }
}
