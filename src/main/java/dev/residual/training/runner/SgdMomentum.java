package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * SGD with heavy-ball momentum, as PyTorch's {@code SGD(momentum=m)} and fastai's {@code
 * SGD(mom=m)}: {@code buf = m * buf + g; w -= lr * buf}, after the decoupled decay {@code w *= 1 -
 * lr * wd}. The state is one momentum buffer per parameter.
 */
public final class SgdMomentum extends ParameterOptimizer {

  private final List<NDArray> buffers;
  private NDArray momentum;
  private NDArray learningRate;

  /** An optimizer for the trainable ones of {@code parameters}. */
  public SgdMomentum(List<Parameter> parameters, NDManager parent) {
    super(parameters, parent);
    this.buffers = zerosLikeParameters();
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
    try (NDArray delta = buffer.mul(learningRate)) {
      weight.subi(delta);
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
