package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two updates of each optimizer against the formulas evaluated by hand in doubles. */
class ParameterOptimizerTest {

  private static final double[] W0 = {1.0, -2.0, 0.5};
  private static final double[] G0 = {1.0, 2.0};

  /** Constant gradients: d/dw sum(w * CW) = CW. */
  private static final float[] CW = {0.5f, -1.0f, 2.0f};

  private static final float[] CG = {-0.25f, 0.75f};
  private static final double WD = 0.1;
  private static final double[] LR = {0.1, 0.05};
  private static final double[] MOM = {0.9, 0.8};

  private NDManager manager;
  private Parameter weight;
  private Parameter gamma;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
    weight = parameter("w", Parameter.Type.WEIGHT, W0);
    gamma = parameter("g", Parameter.Type.GAMMA, G0);
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private Parameter parameter(String name, Parameter.Type type, double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    NDArray array = manager.create(floats);
    array.setRequiresGradient(true);
    return Parameter.builder().setName(name).setType(type).optArray(array).build();
  }

  private void backward() {
    try (NDManager scratch = manager.newSubManager()) {
      NDArray cw = scratch.create(CW);
      NDArray cg = scratch.create(CG);
      // Scratch arrays first, so that every intermediate lands in the scratch manager.
      Autograd.forwardBackward(
          cw, () -> cw.mul(weight.getArray()).sum().add(cg.mul(gamma.getArray()).sum()));
    }
  }

  private void train(ParameterOptimizer optimizer, int from, int to) {
    for (int t = from; t < to; t++) {
      backward();
      optimizer.step(LR[t], MOM[t], WD, t);
    }
  }

  private static void assertValues(Parameter parameter, double[] expected) {
    float[] actual = parameter.getArray().toFloatArray();
    for (int i = 0; i < expected.length; i++) {
      assertThat((double) actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void sgdWithMomentumAndDecoupledDecay() {
    try (ParameterOptimizer sgd = new SgdMomentum(List.of(weight, gamma), manager, false)) {
      train(sgd, 0, 2);
    }
    assertValues(weight, expectedSgd(W0, CW, true, false));
    assertValues(gamma, expectedSgd(G0, CG, false, false));
  }

  @Test
  void sgdWithNesterovMomentumAndDecoupledDecay() {
    try (ParameterOptimizer nesterov =
        ParameterOptimizer.create(OptimizerKind.NESTEROV, List.of(weight, gamma), manager)) {
      train(nesterov, 0, 2);
    }
    assertValues(weight, expectedSgd(W0, CW, true, true));
    assertValues(gamma, expectedSgd(G0, CG, false, true));
    assertThat(weight.getArray().getGradient().toFloatArray()).containsOnly(0f);
  }

  private static double[] expectedSgd(
      double[] start, float[] grad, boolean decays, boolean nesterov) {
    double[] w = start.clone();
    double[] buffer = new double[w.length];
    for (int t = 0; t < 2; t++) {
      for (int i = 0; i < w.length; i++) {
        if (decays) {
          w[i] *= 1 - LR[t] * WD;
        }
        buffer[i] = MOM[t] * buffer[i] + grad[i];
        w[i] -= LR[t] * (nesterov ? grad[i] + MOM[t] * buffer[i] : buffer[i]);
      }
    }
    return w;
  }

  @Test
  void adamWithBiasCorrectionAndDecoupledDecay() {
    try (ParameterOptimizer adam = new AdamW(List.of(weight, gamma), manager)) {
      train(adam, 0, 2);
    }
    assertValues(weight, expectedAdam(W0, CW, true));
    assertValues(gamma, expectedAdam(G0, CG, false));
  }

  private static double[] expectedAdam(double[] start, float[] grad, boolean decays) {
    double[] w = start.clone();
    double[] m = new double[w.length];
    double[] v = new double[w.length];
    for (int t = 0; t < 2; t++) {
      double b1 = MOM[t];
      double b2 = AdamW.BETA2;
      for (int i = 0; i < w.length; i++) {
        if (decays) {
          w[i] *= 1 - LR[t] * WD;
        }
        m[i] = b1 * m[i] + (1 - b1) * grad[i];
        v[i] = b2 * v[i] + (1 - b2) * grad[i] * grad[i];
        double mHat = m[i] / (1 - Math.pow(b1, t + 1));
        double vHat = v[i] / (1 - Math.pow(b2, t + 1));
        w[i] -= LR[t] * mHat / (Math.sqrt(vHat) + AdamW.EPSILON);
      }
    }
    return w;
  }

  @Test
  void restoredStateContinuesExactly() {
    byte[] saved;
    try (ParameterOptimizer first = new AdamW(List.of(weight, gamma), manager)) {
      train(first, 0, 1);
      saved = first.state().encode();
    }
    try (ParameterOptimizer second = new AdamW(List.of(weight, gamma), manager)) {
      second.loadState(NDList.decode(manager, saved));
      train(second, 1, 2);
    }
    assertValues(weight, expectedAdam(W0, CW, true));
  }

  @Test
  void refusesStateOfAnotherShape() {
    try (ParameterOptimizer sgd = new SgdMomentum(List.of(weight, gamma), manager, false)) {
      NDList wrong = new NDList(manager.zeros(new Shape(3)), manager.zeros(new Shape(5)));
      assertThatThrownBy(() -> sgd.loadState(wrong)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sgd.loadState(new NDList()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void leavesNoArraysBehindInTheParametersManager() {
    int before = manager.getManagedArrays().size();
    try (ParameterOptimizer adam = new AdamW(List.of(weight, gamma), manager)) {
      train(adam, 0, 2);
    }
    assertThat(manager.getManagedArrays()).hasSize(before);
  }
}
