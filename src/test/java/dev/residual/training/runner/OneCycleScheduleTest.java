package dev.residual.training.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OneCycleScheduleTest {

  private final OneCycleSchedule schedule = new OneCycleSchedule(0.1, 100, 0.25);

  @Test
  void startsAtMaxOverTwentyFiveWithHighMomentum() {
    assertThat(schedule.learningRate(0)).isEqualTo(0.1 / 25);
    assertThat(schedule.momentum(0)).isEqualTo(0.95);
  }

  @Test
  void peaksAtTwentyFivePercentWithLowMomentum() {
    assertThat(schedule.learningRate(25)).isEqualTo(0.1);
    assertThat(schedule.momentum(25)).isEqualTo(0.85);
  }

  @Test
  void endsAtMaxOverOneHundredThousandWithHighMomentumAgain() {
    assertThat(schedule.learningRate(100)).isCloseTo(0.1 / 1e5, within(1e-18));
    assertThat(schedule.momentum(100)).isCloseTo(0.95, within(1e-15));
    assertThat(schedule.learningRate(1_000)).isEqualTo(schedule.learningRate(100));
  }

  @Test
  void followsHalfCosinesInBetween() {
    // Halfway through the warm-up: the mean of start and peak; halfway down: of peak and end.
    assertThat(schedule.learningRate(12)).isLessThan(schedule.learningRate(13));
    OneCycleSchedule even = new OneCycleSchedule(1.0, 8, 0.25);
    assertThat(even.learningRate(1)).isCloseTo((0.04 + 1.0) / 2, within(1e-15));
    assertThat(even.momentum(1)).isCloseTo(0.90, within(1e-15));
    assertThat(even.learningRate(5)).isCloseTo((1.0 + 1e-5) / 2, within(1e-15));
    // The last step taken sits one step before the end value.
    double pos = (7.0 / 8 - 0.25) / 0.75;
    double expected = 1.0 + (1 + Math.cos(Math.PI * (1 - pos))) * (1e-5 - 1.0) / 2;
    assertThat(even.learningRate(7)).isCloseTo(expected, within(1e-15));
  }

  @Test
  void constantScheduleHoldsItsValues() {
    ConstantSchedule constant = new ConstantSchedule(0.01, 0.9);
    assertThat(constant.learningRate(0)).isEqualTo(0.01);
    assertThat(constant.learningRate(10_000)).isEqualTo(0.01);
    assertThat(constant.momentum(5)).isEqualTo(0.9);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new OneCycleSchedule(0.1, 0, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OneCycleSchedule(Double.NaN, 10, 0.25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OneCycleSchedule(0.1, 10, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
