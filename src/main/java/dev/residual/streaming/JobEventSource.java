package dev.residual.streaming;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where stored job events and job statuses come from. The pump only reads through this interface,
 * so its ordering and completion rules can be tested without a database.
 */
interface JobEventSource {

  /** Statuses after which a job appends no more events. */
  Set<String> TERMINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  /** The job's current status, or empty if there is no such job (never was, or was deleted). */
  Optional<String> status(String jobId);

  /** Up to {@code limit} events of the job with an id greater than {@code afterId}, by id. */
  List<JobEvent> eventsAfter(String jobId, long afterId, int limit);

  static boolean isTerminal(String status) {
    return TERMINAL_STATUSES.contains(status);
  }
}
