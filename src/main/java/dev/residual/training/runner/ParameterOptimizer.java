package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An optimizer that updates a block's trainable parameters in place from their gradients, with
 * decoupled weight decay, and whose state can be exported and restored exactly.
 *
 * <p>Learning rate and momentum are passed at every step, so a schedule may move both (DJL's own
 * optimizers cannot cycle momentum). All arithmetic runs on the engine with in-place operations and
 * a few scalars shared by every parameter; the gradient is zeroed after each update. The optimizer
 * owns a sub-manager holding its state: close it when done.
 */
public abstract class ParameterOptimizer implements AutoCloseable {

  private final List<Parameter> parameters;
  private final boolean[] decays;
  private final NDManager manager;

  /** An optimizer for the trainable ones of {@code parameters}, with state under {@code parent}. */
  protected ParameterOptimizer(List<Parameter> parameters, NDManager parent) {
    this.parameters = new ArrayList<>();
    for (Parameter parameter : parameters) {
      if (parameter.requiresGradient()) {
        this.parameters.add(parameter);
      }
    }
    this.decays = new boolean[this.parameters.size()];
    for (int i = 0; i < decays.length; i++) {
      // fastai's wd_bn_bias=False: BatchNorm gamma/beta and biases are not decayed.
      decays[i] = this.parameters.get(i).getType() == Parameter.Type.WEIGHT;
    }
    this.manager = Objects.requireNonNull(parent, "parent").newSubManager();
  }

  /** Creates the optimizer {@code kind} for {@code parameters}. */
  public static ParameterOptimizer create(
      OptimizerKind kind, List<Parameter> parameters, NDManager parent) {
    return switch (kind) {
      case SGD -> new SgdMomentum(parameters, parent, false);
      case NESTEROV -> new SgdMomentum(parameters, parent, true);
      case ADAMW -> new AdamW(parameters, parent);
    };
  }

  /**
   * Applies one update from the current gradients and zeroes them.
   *
   * @param learningRate this step's learning rate
   * @param momentum this step's momentum (Adam: beta1)
   * @param weightDecay decoupled weight decay: weights are multiplied by {@code 1 - lr * wd}
   * @param step number of updates applied before this one (0 for the first)
   */
  public final void step(double learningRate, double momentum, double weightDecay, long step) {
    try (NDManager scratch = manager.newSubManager()) {
      NDArray decay = scalar(scratch, 1 - learningRate * weightDecay);
      prepare(scratch, learningRate, momentum, step);
      for (int i = 0; i < parameters.size(); i++) {
        NDArray weight = parameters.get(i).getArray();
        NDArray gradient = weight.getGradient();
        try {
          if (decays[i] && weightDecay != 0) {
            weight.muli(decay);
          }
          update(i, weight, gradient);
        } finally {
          Autograd.zeroGradient(weight, gradient);
          // A fresh handle to the gradient, attached to the parameter's manager: release it now.
          gradient.close();
        }
      }
    }
  }

  /** Computes this step's shared scalars (as arrays in {@code scratch}) before the updates. */
  protected abstract void prepare(NDManager scratch, double lr, double momentum, long step);

  /** Updates parameter {@code index} in place; temporaries must be closed before returning. */
  protected abstract void update(int index, NDArray weight, NDArray gradient);

  /** The state arrays, in a fixed order; encode them before the next step changes them. */
  public abstract NDList state();

  /** Replaces the state with {@code saved} (from {@link #state()}), checking count and shapes. */
  public abstract void loadState(NDList saved);

  /** The trainable parameters, in update order. */
  protected final List<Parameter> parameters() {
    return parameters;
  }

  /** One zero array per trainable parameter, in the optimizer's manager. */
  protected final List<NDArray> zerosLikeParameters() {
    List<NDArray> zeros = new ArrayList<>();
    for (Parameter parameter : parameters) {
      NDArray weight = parameter.getArray();
      zeros.add(manager.zeros(weight.getShape(), weight.getDataType()));
    }
    return zeros;
  }

  /**
   * Moves {@code saved.get(offset + i)} into {@code target[i]}'s place for every parameter, after
   * checking shapes and types; the replaced arrays are closed.
   */
  protected final void replace(List<NDArray> target, NDList saved, int offset) {
    for (int i = 0; i < target.size(); i++) {
      NDArray loaded = saved.get(offset + i);
      NDArray current = target.get(i);
      if (!loaded.getShape().equals(current.getShape())
          || loaded.getDataType() != current.getDataType()) {
        throw new IllegalArgumentException(
            "optimizer state "
                + (offset + i)
                + " is "
                + loaded.getDataType()
                + loaded.getShape()
                + ", expected "
                + current.getDataType()
                + current.getShape());
      }
    }
    for (int i = 0; i < target.size(); i++) {
      NDArray loaded = saved.get(offset + i);
      loaded.attach(manager);
      target.get(i).close();
      target.set(i, loaded);
    }
  }

  /** Checks the number of arrays in a saved state. */
  protected final void checkCount(NDList saved, int expected) {
    if (saved.size() != expected) {
      throw new IllegalArgumentException(
          "optimizer state holds "
              + saved.size()
              + " arrays, expected "
              + expected
              + " for "
              + parameters.size()
              + " parameters");
    }
  }

  /** A float32 scalar in {@code scratch}. */
  protected static NDArray scalar(NDManager scratch, double value) {
    return scratch.create((float) value);
  }

  @Override
  public void close() {
    manager.close();
  }
}
