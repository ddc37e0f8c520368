package dev.residual.training.runner;

/** How the learning rate and momentum move over the steps of a run. */
public enum ScheduleKind {
  /** fastai's {@code fit_one_cycle}: see {@link OneCycleSchedule}. */
  ONE_CYCLE,
  /** Half a cosine from the maximum rate down to the maximum over {@code finalDivFactor}. */
  COSINE,
  /** The maximum learning rate and the highest momentum, held for every step. */
  CONSTANT
}
