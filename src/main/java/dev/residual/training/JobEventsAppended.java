package dev.residual.training;

import dev.residual.streaming.StreamAppended;

/**
 * Events were appended to a job's log ({@code status}, {@code batch}, {@code epoch}, {@code
 * checkpoint}, {@code done}). Published in the appending transaction; listeners that read the
 * events (the job's live streams among them) hear it after the commit, when the rows are visible.
 *
 * @param jobId the job
 */
public record JobEventsAppended(JobId jobId) implements StreamAppended {

  @Override
  public String feed() {
    return JobEventFeed.NAME;
  }

  @Override
  public String key() {
    return jobId.toString();
  }
}
