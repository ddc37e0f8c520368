package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.List;

/**
 * Adam with decoupled weight decay, as fastai's {@code Adam} (beta2 0.99, eps 1e-5).
 *
 * <p>At update {@code t} (1-based) with beta1 {@code b1} from the schedule: {@code m = b1 m + (1 -
 * b1) g}, {@code v = b2 v + (1 - b2) g²}, {@code w -= lr / (1 - b1^t) · m / (sqrt(v / (1 - b2^t)) +
 * eps)}, after {@code w *= 1 - lr * wd}. Like fastai, the bias correction uses the current beta1
 * even when the schedule cycles it. The state is {@code m} then {@code v} for every parameter; the
 * step count is the runner's.
 */
public final class AdamW extends ParameterOptimizer {

  /** fastai's default second-moment decay. */
  public static final double BETA2 = 0.99;

  /** fastai's default epsilon. */
  public static final double EPSILON = 1e-5;

  private final List<NDArray> means;
  private final List<NDArray> variances;
  private NDArray beta1;
  private NDArray oneMinusBeta1;
  private NDArray beta2;
  private NDArray oneMinusBeta2;
  private NDArray inverseSqrtCorrection2;
  private NDArray epsilon;
  private NDArray stepSize;

  /** An optimizer for the trainable ones of {@code parameters}. */
  public AdamW(List<Parameter> parameters, NDManager parent) {
    super(parameters, parent);
    this.means = zerosLikeParameters();
    this.variances = zerosLikeParameters();
  }

  @Override
  protected void prepare(NDManager scratch, double lr, double mom, long step) {
    long t = step + 1;
    double correction1 = 1 - Math.pow(mom, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    beta1 = scalar(scratch, mom);
    oneMinusBeta1 = scalar(scratch, 1 - mom);
    beta2 = scalar(scratch, BETA2);
    oneMinusBeta2 = scalar(scratch, 1 - BETA2);
    inverseSqrtCorrection2 = scalar(scratch, 1 / Math.sqrt(correction2));
    epsilon = scalar(scratch, EPSILON);
    stepSize = scalar(scratch, lr / correction1);
  }

  @Override
  protected void update(int index, NDArray weight, NDArray gradient) {
    NDArray mean = means.get(index);
    NDArray variance = variances.get(index);
    try (NDArray scaled = gradient.mul(oneMinusBeta1)) {
      mean.muli(beta1).addi(scaled);
    }
    try (NDArray squared = gradient.square()) {
      variance.muli(beta2).addi(squared.muli(oneMinusBeta2));
    }
    try (NDArray denominator = variance.sqrt()) {
      denominator.muli(inverseSqrtCorrection2).addi(epsilon);
      try (NDArray delta = mean.div(denominator)) {
        weight.subi(delta.muli(stepSize));
      }
    }
  }

  @Override
  public NDList state() {
    NDList state = new NDList(means);
    state.addAll(variances);
    return state;
  }

  @Override
  public void loadState(NDList saved) {
    checkCount(saved, 2 * means.size());
    replace(means, saved, 0);
    replace(variances, saved, means.size());
  }
}
