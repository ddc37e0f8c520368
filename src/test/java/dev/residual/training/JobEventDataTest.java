package dev.residual.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The events' records write the JSON the streams and the stored history carry. */
class JobEventDataTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID CHECKPOINT = UUID.fromString("0f8e2c1a-5b7d-4c3e-9a61-2d4b8f0e7c55");

  @Test
  void statusEventsNameTheInstanceOnlyWhenRunning() {
    assertThat(JSON.writeValueAsString(new JobEventData.Status(JobStatus.RUNNING, "pod-1")))
        .isEqualTo("{\"status\":\"RUNNING\",\"instance\":\"pod-1\"}");
    assertThat(JSON.writeValueAsString(new JobEventData.Status(JobStatus.QUEUED, null)))
        .isEqualTo("{\"status\":\"QUEUED\"}");
  }

  @Test
  void doneEventsPutTheSummaryAfterTheStatus() {
    var published = Publication.published("fashion", 2, false);
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.TrainingDone(
                    JobStatus.SUCCEEDED, 0.9, 1.0, 3, CHECKPOINT, null, published)))
        .startsWith(
            "{\"status\":\"SUCCEEDED\",\"top1\":0.9,\"top5\":1.0,\"bestEpoch\":3,"
                + "\"bestCheckpointId\":\""
                + CHECKPOINT
                + "\",\"publication\":{");
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.TrainingDone(
                    JobStatus.FAILED, null, null, null, null, "no memory", null)))
        .isEqualTo("{\"status\":\"FAILED\",\"error\":\"no memory\"}");
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.LrFinderDone(
                    JobStatus.CANCELLED, null, null, null, null, null, null, null)))
        .isEqualTo("{\"status\":\"CANCELLED\"}");
    assertThat(
            JSON.writeValueAsString(
                new JobEventData.LrFinderDone(
                    JobStatus.SUCCEEDED,
                    null,
                    1e-3,
                    2e-3,
                    1,
                    "completed",
                    0.5,
                    List.of(new LrFinderResult.Point(1e-3, 2.0)))))
        .isEqualTo(
            "{\"status\":\"SUCCEEDED\",\"suggestedLearningRate\":0.001,\"minimumLearningRate\":0.002,"
                + "\"iterations\":1,\"stopReason\":\"completed\",\"seconds\":0.5,"
                + "\"points\":[{\"learningRate\":0.001,\"loss\":2.0}]}");
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
