package dev.residual.training.internal;

import dev.residual.system.DatabaseErrors;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs database work that must not be lost (a job's end, an epoch's checkpoint, a job going back to
 * the queue) again and again while the database is away, backing off up to {@link #MAX_PAUSE}. Each
 * attempt itself waits up to the pool's connection timeout. Any other failure is thrown at once, as
 * is the last outage failure when the caller says to stop trying (e.g. the instance is shutting
 * down).
 */
final class DatabaseRetry {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

  static final Duration FIRST_PAUSE = Duration.ofMillis(250);
  static final Duration MAX_PAUSE = Duration.ofSeconds(5);

  private DatabaseRetry() {}

  /**
   * Runs {@code action} until it succeeds. Tries at least once; after a failure that says the
   * database is unavailable, tries again as long as {@code keepTrying} answers true.
   *
   * @param what what the action does, for the log ("record epoch 2 of job …")
   */
  static <T> T untilDone(String what, Supplier<T> action, BooleanSupplier keepTrying) {
    long pause = FIRST_PAUSE.toMillis();
    int failures = 0;
    while (true) {
      try {
        T result = action.get();
        if (failures > 0) {
          log.info("The database is back: could {} after {} failed attempt(s)", what, failures);
        }
        return result;
      } catch (RuntimeException e) {
        if (!DatabaseErrors.isUnavailable(e) || !keepTrying.getAsBoolean()) {
          throw e;
        }
        if (failures++ == 0) {
          log.warn(
              "Could not {}: the database is unavailable ({}); retrying", what, e.getMessage());
        }
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting to " + what, e);
      }
      pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
    }
  }
}
