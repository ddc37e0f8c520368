package dev.residual.training.runner;

/**
 * What a learning-rate sweep recorded: one point per finished iteration whose smoothed loss was
 * finite, in order, and why it stopped.
 *
 * @param learningRates the learning rate of each recorded iteration
 * @param losses fastai's smoothed training loss after each recorded iteration
 * @param stop why the sweep ended
 * @param seconds wall time of the sweep
 */
public record LrSweep(double[] learningRates, double[] losses, Stop stop, double seconds) {

  /** Why a sweep ended. */
  public enum Stop {
    /** Every requested iteration ran. */
    COMPLETED,
    /** The smoothed loss rose above four times its minimum (fastai's {@code stop_div}). */
    DIVERGED,
    /** The loss became NaN or infinite; that iteration is not recorded. */
    NOT_FINITE,
    /** The cancellation signal was seen before an iteration. */
    CANCELLED
  }

  public LrSweep {
    if (learningRates.length != losses.length) {
      throw new IllegalArgumentException("one loss per learning rate");
    }
    learningRates = learningRates.clone();
    losses = losses.clone();
  }

  @Override
  public double[] learningRates() {
    return learningRates.clone();
  }

  @Override
  public double[] losses() {
    return losses.clone();
  }

  /** Recorded points. */
  public int size() {
    return losses.length;
  }

  @Override
  public String toString() {
    return "LrSweep[points=" + losses.length + ", stop=" + stop + ", seconds=" + seconds + "]";
  }
}
