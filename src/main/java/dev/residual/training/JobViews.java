package dev.residual.training;

import dev.residual.training.internal.JobRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Maps stored rows to the API's {@link TrainingJob} and requests to and from their JSON column. */
@Component
class JobViews {

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JsonMapper json;

  JobViews(JsonMapper json) {
    this.json = json;
  }

  String toJson(TrainingJobRequest request) {
    return json.writeValueAsString(request);
  }

  TrainingJobRequest request(JobRow row) {
    return json.readValue(row.requestJson(), TrainingJobRequest.class);
  }

  TrainingJob toJob(JobRow row) {
    Instant end = row.finishedAt() != null ? row.finishedAt() : row.startedAt() != null ? Instant.now() : null;
    Double duration =
        row.startedAt() == null ? null : Duration.between(row.startedAt(), end).toMillis() / 1000.0;
    return new TrainingJob(
        row.id(),
        row.kind(),
        row.status(),
        request(row),
        row.epochsCompleted(),
        row.progress(),
        map(row.latestMetrics()),
        map(row.bestMetrics()),
        row.bestCheckpointId(),
        row.error(),
        row.attempts(),
        row.claimedBy(),
        row.cancelRequested(),
        row.createdAt(),
        row.startedAt(),
        row.finishedAt(),
        duration);
  }

  private Map<String, Object> map(String text) {
    return text == null ? null : json.readValue(text, MAP);
  }
}
