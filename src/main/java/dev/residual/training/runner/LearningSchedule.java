package dev.residual.training.runner;

/**
 * Learning rate and momentum (SGD's momentum, Adam's beta1) for each optimizer step of a run.
 *
 * <p>Steps count from 0 over the whole run, epochs included, so that a resumed run continues the
 * schedule where it stopped.
 */
public interface LearningSchedule {

  /** Learning rate for step {@code step} (0-based). */
  double learningRate(long step);

  /** Momentum, or Adam's beta1, for step {@code step} (0-based). */
  double momentum(long step);

  /** The schedule {@code settings} ask for, spread over {@code totalSteps} steps. */
  static LearningSchedule of(TrainingSettings settings, long totalSteps) {
    return switch (settings.schedule()) {
      case ONE_CYCLE ->
          new OneCycleSchedule(
              settings.learningRate(),
              totalSteps,
              settings.pctStart(),
              settings.divFactor(),
              settings.finalDivFactor(),
              0.95,
              0.85);
      case COSINE ->
          new CosineSchedule(
              settings.learningRate(), totalSteps, settings.finalDivFactor(), settings.momentum());
      case CONSTANT -> new ConstantSchedule(settings.learningRate(), settings.momentum());
    };
  }
}
