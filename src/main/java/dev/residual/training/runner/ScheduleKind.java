package dev.residual.training.runner;

/** How the learning rate and momentum move over the steps of a run. */
public enum ScheduleKind {
  /** fastai's {@code fit_one_cycle}: see {@link OneCycleSchedule}. */
  ONE_CYCLE,
  /** The maximum learning rate and the highest momentum, held for every step. */
  CONSTANT
}
