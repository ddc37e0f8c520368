package dev.residual.training;

import dev.residual.training.internal.JobRow;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps stored rows to the API's {@link TrainingJob} and requests to and from their JSON column. An
 * LR-finder job keeps its result in the row's {@code latest_metrics} column, which such a job has
 * no other use for.
 */
@Component
class JobViews {

  private final JsonMapper json;

  JobViews(JsonMapper json) {
    this.json = json;
  }

  String toJson(Object request) {
    return json.writeValueAsString(request);
  }

  TrainingJobRequest request(JobRow row) {
    return json.readValue(row.requestJson(), TrainingJobRequest.class);
  }

  TrainingJob toJob(JobRow row) {
    boolean lrFinder = JobKinds.LR_FINDER.equals(row.kind());
    Instant end =
        row.finishedAt() != null
            ? row.finishedAt()
            : row.startedAt() != null ? Instant.now() : null;
    Double duration =
        row.startedAt() == null ? null : Duration.between(row.startedAt(), end).toMillis() / 1000.0;
    return new TrainingJob(
        row.id(),
        row.kind(),
        row.status(),
        lrFinder ? null : request(row),
        lrFinder ? json.readValue(row.requestJson(), LrFinderRequest.class) : null,
        row.epochsCompleted(),
        row.progress(),
        lrFinder ? null : metrics(row.latestMetrics()),
        metrics(row.bestMetrics()),
        row.bestCheckpointId(),
        row.error(),
        row.attempts(),
        row.claimedBy(),
        row.cancelRequested(),
        row.createdAt(),
        row.startedAt(),
        row.finishedAt(),
        duration,
        lrFinder && row.latestMetrics() != null
            ? json.readValue(row.latestMetrics(), LrFinderResult.class)
            : null,
        row.publication() == null ? null : json.readValue(row.publication(), Publication.class),
        row.experimentId() == null
            ? null
            : new JobTag(row.experimentId(), row.experimentVariant(), row.experimentSeed()));
  }

  private EpochMetrics metrics(String text) {
    return text == null ? null : json.readValue(text, EpochMetrics.class);
  }
}
