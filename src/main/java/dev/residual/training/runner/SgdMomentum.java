package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * SGD with momentum, as PyTorch's {@code SGD(momentum=m, nesterov=...)} and fastai's {@code
 * SGD(mom=m)}: {@code buf = m * buf + g}, then {@code w -= lr * buf} (heavy ball) or {@code w -= lr
 * * (g + m * buf)} (Nesterov), after the decoupled decay {@code w *= 1 - lr * wd}. The state is one
 * momentum buffer per parameter.
 */
public final class SgdMomentum extends ParameterOptimizer {

  private final List<NDArray> buffers;
  private final boolean nesterov;
  private NDArray momentum;
  private NDArray learningRate;

  /**
   * An optimizer for the trainable ones of {@code parameters}, with Nesterov's look-ahead or not.
   */
  public SgdMomentum(List<Parameter> parameters, NDManager parent, boolean nesterov) {
    super(parameters, parent);
    this.buffers = zerosLikeParameters();
    this.nesterov = nesterov;
  }

  @Override
  protected void prepare(NDManager scratch, double lr, double mom, long step) {
    momentum = scalar(scratch, mom);
    learningRate = scalar(scratch, lr);
  }

  @Override
  protected void update(int index, NDArray weight, NDArray gradient) {
    NDArray buffer = buffers.get(index);
    buffer.muli(momentum).addi(gradient);
    if (nesterov) {
      // The gradient is zeroed after the update, so it holds the step: g + m * buf.
      try (NDArray lookAhead = buffer.mul(momentum)) {
        gradient.addi(lookAhead);
      }
      weight.subi(gradient.muli(learningRate));
    } else {
      try (NDArray delta = buffer.mul(learningRate)) {
        weight.subi(delta);
      }
    }
  }

  @Override
  public NDList state() {
    return new NDList(buffers);
  }

  @Override
  public void loadState(NDList saved) {
    checkCount(saved, buffers.size());
    replace(buffers, saved, 0);
  }
}
