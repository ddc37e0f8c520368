package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The settable one-cycle fields and the cosine and constant schedules, built from settings. */
class ScheduleVariantsTest {

  private static TrainingSettings.Builder settings() {
    return TrainingSettings.builder().setEpochs(4).setLearningRate(0.4).optMomentum(0.9);
  }

  @Test
  void oneCycleHonoursPctStartDivFactorAndFinalDivFactor() {
    LearningSchedule s =
        LearningSchedule.of(
            settings().optPctStart(0.4).optDivFactor(10).optFinalDivFactor(1e3).build(), 200);
    assertThat(s.learningRate(0)).isCloseTo(0.04, within(1e-15));
    assertThat(s.momentum(0)).isEqualTo(0.95);
    // The peak moved to 40% of the steps.
    assertThat(s.learningRate(80)).isCloseTo(0.4, within(1e-15));
    assertThat(s.momentum(80)).isCloseTo(0.85, within(1e-15));
    assertThat(s.learningRate(50)).isLessThan(0.4);
    assertThat(s.learningRate(200)).isCloseTo(4e-4, within(1e-15));
    assertThat(s.momentum(200)).isCloseTo(0.95, within(1e-15));
  }

  @Test
  void oneCycleDefaultsAreFastais() {
    LearningSchedule s = LearningSchedule.of(settings().build(), 100);
    assertThat(s.learningRate(0)).isCloseTo(0.4 / 25, within(1e-15));
    assertThat(s.learningRate(25)).isCloseTo(0.4, within(1e-15));
    assertThat(s.learningRate(100)).isCloseTo(0.4 / 1e5, within(1e-15));
  }

  @Test
  void cosineStartsAtTheMaximumAndAnnealsToTheFinalRateWithConstantMomentum() {
    LearningSchedule s =
        LearningSchedule.of(
            settings().optSchedule(ScheduleKind.COSINE).optFinalDivFactor(100).build(), 100);
    assertThat(s.learningRate(0)).isEqualTo(0.4);
    // At 25%: min + (max - min)(1 + cos(pi/4))/2.
    double expected = 0.004 + (0.4 - 0.004) * (1 + Math.cos(Math.PI / 4)) / 2;
    assertThat(s.learningRate(25)).isCloseTo(expected, within(1e-12));
    assertThat(s.learningRate(50)).isCloseTo((0.4 + 0.004) / 2, within(1e-12));
    assertThat(s.learningRate(100)).isCloseTo(0.004, within(1e-15));
    assertThat(s.learningRate(1_000)).isCloseTo(0.004, within(1e-15));
    assertThat(s.momentum(0)).isEqualTo(0.9);
    assertThat(s.momentum(100)).isEqualTo(0.9);
  }

  @Test
  void constantHoldsRateAndMomentum() {
    LearningSchedule s =
        LearningSchedule.of(settings().optSchedule(ScheduleKind.CONSTANT).build(), 100);
    assertThat(s.learningRate(0)).isEqualTo(0.4);
    assertThat(s.learningRate(25)).isEqualTo(0.4);
    assertThat(s.learningRate(100)).isEqualTo(0.4);
    assertThat(s.momentum(50)).isEqualTo(0.9);
  }
}
