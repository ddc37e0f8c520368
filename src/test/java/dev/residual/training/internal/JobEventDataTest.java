package dev.residual.training.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.training.EpochMetrics;
import dev.residual.training.JobStatus;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The events' records write the JSON the streams and the stored history have always carried. */
class JobEventDataTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID CHECKPOINT = UUID.fromString("0f8e2c1a-5b7d-4c3e-9a61-2d4b8f0e7c55");

  @Test
  void statusEventsNameTheInstanceOnlyWhenRunning() {
    assertThat(JSON.writeValueAsString(new JobEventData.Status(JobStatus.RUNNING, "pod-1")))
        .isEqualTo("{\"status\":\"RUNNING\",\"instance\":\"pod-1\"}");
    assertThat(JSON.writeValueAsString(new JobEventData.Status(JobStatus.QUEUED)))
        .isEqualTo("{\"status\":\"QUEUED\"}");
  }

  @Test
  void doneEventsPutTheSummaryAfterTheStatus() {
    var summary = new JobEventData.TrainingSummary(0.9, 1.0, 3, CHECKPOINT);

    assertThat(JSON.writeValueAsString(new JobEventData.Done(JobStatus.SUCCEEDED, summary)))
        .isEqualTo(
            "{\"status\":\"SUCCEEDED\",\"top1\":0.9,\"top5\":1.0,\"bestEpoch\":3,"
                + "\"bestCheckpointId\":\""
                + CHECKPOINT
                + "\"}");
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.Done(JobStatus.FAILED, new JobEventData.Failure("no memory"))))
        .isEqualTo("{\"status\":\"FAILED\",\"error\":\"no memory\"}");
    assertThat(JSON.writeValueAsString(new JobEventData.Done(JobStatus.CANCELLED, null)))
        .isEqualTo("{\"status\":\"CANCELLED\"}");
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.Done(
                    JobStatus.SUCCEEDED, new JobEventData.TrainingSummary(null, null, null, null))))
        .isEqualTo("{\"status\":\"SUCCEEDED\"}");
  }

  @Test
  void epochMetricsRoundTripAndComeBackFromACheckpoint() {
    EpochMetrics epoch = new EpochMetrics(2, 0.5, 0.4, 0.8, 0.95, 12.5, 900.0);
    String json = JSON.writeValueAsString(epoch);

    assertThat(json)
        .isEqualTo(
            "{\"epoch\":2,\"trainLoss\":0.5,\"validLoss\":0.4,\"top1\":0.8,\"top5\":0.95,"
                + "\"seconds\":12.5,\"imagesPerSecond\":900.0}");
    assertThat(JSON.readValue(json, EpochMetrics.class)).isEqualTo(epoch);
    assertThat(EpochMetrics.ofCheckpoint(epoch.checkpointMetrics()))
        .isEqualTo(new EpochMetrics(2, 0.5, 0.4, 0.8, 0.95, null, null));
    assertThat(epoch.checkpointMetrics())
        .isEqualTo(
            Map.of("epoch", 2.0, "trainLoss", 0.5, "validLoss", 0.4, "top1", 0.8, "top5", 0.95));
  }
}
