package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;

/**
 * Softmax cross-entropy with optional label smoothing, averaged over the batch.
 *
 * <p>With smoothing {@code eps} over {@code C} classes the target puts {@code 1 - eps + eps / C} on
 * the true class and {@code eps / C} on every other, which is fastai's {@code
 * LabelSmoothingCrossEntropy} and PyTorch's {@code cross_entropy(label_smoothing=eps)}: {@code (1 -
 * eps) · nll + eps · mean_c(-log p_c)}. With {@code eps = 0} it is the plain cross-entropy.
 */
public final class CrossEntropyLoss {

  private CrossEntropyLoss() {}

  /**
   * The mean loss as a scalar array.
   *
   * @param logits raw scores, shape (batch, classes)
   * @param labels class indices, shape (batch), int64
   * @param smoothing label smoothing {@code eps} in [0, 1)
   */
  public static NDArray mean(NDArray logits, NDArray labels, double smoothing) {
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray nll = logProbabilities.gather(labels.expandDims(1), 1).mean().neg();
    if (smoothing == 0) {
      return nll;
    }
    // mean over every element = mean over the batch of the mean over classes.
    NDArray uniform = logProbabilities.mean().neg();
    return nll.mul((float) (1 - smoothing)).add(uniform.mul((float) smoothing));
  }

  /**
   * The loss of every sample, shape (batch): what {@link #mean} averages.
   *
   * @param logits raw scores, shape (batch, classes)
   * @param labels class indices, shape (batch), int64
   * @param smoothing label smoothing {@code eps} in [0, 1)
   */
  public static NDArray perSample(NDArray logits, NDArray labels, double smoothing) {
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray nll = logProbabilities.gather(labels.expandDims(1), 1).squeeze(1).neg();
    if (smoothing == 0) {
      return nll;
    }
    NDArray uniform = logProbabilities.mean(new int[] {1}).neg();
    return nll.mul((float) (1 - smoothing)).add(uniform.mul((float) smoothing));
  }
}
