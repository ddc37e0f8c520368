package dev.residual.training;

/**
 * The kinds of job that share the queue, as stored in {@code training_job.kind}: the workers route
 * each job to the executor of its kind.
 */
public final class JobKinds {

  /** A training run with checkpoints ({@link TrainingJobRequest}). */
  public static final String TRAIN = "train";

  /** A learning-rate sweep that saves nothing ({@link LrFinderRequest}). */
  public static final String LR_FINDER = "lr-finder";

  private JobKinds() {}
}
