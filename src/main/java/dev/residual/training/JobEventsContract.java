package dev.residual.training;

import dev.residual.streaming.EventStreamContract;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the {@code data} of a job's server-sent events: each event type's record becomes a
 * named schema, and the event stream's media type maps, per job kind, each event type to its schema
 * under {@code x-event-data}, which OpenAPI 3.1 has no keyword for.
 */
@Component
class JobEventsContract implements OpenApiCustomizer {

  static final String EVENTS_PATH = "/api/v1/training-jobs/{id}/events";

  private static final List<Class<?>> EVENT_TYPES =
      List.of(
          JobEventData.Status.class,
          JobEventData.Batch.class,
          EpochMetrics.class,
          JobEventData.Checkpoint.class,
          JobEventData.TrainingDone.class,
          JobEventData.LrFinderDone.class);

  @Override
  public void customise(OpenAPI openApi) {
    EventStreamContract.addSchemas(openApi, EVENT_TYPES);
    Map<String, Map<String, String>> train = new LinkedHashMap<>();
    train.put(JobEventData.STATUS, EventStreamContract.ref("JobStatusEvent"));
    train.put(JobEventData.BATCH, EventStreamContract.ref("BatchEvent"));
    train.put(JobEventData.EPOCH, EventStreamContract.ref("EpochMetrics"));
    train.put(JobEventData.CHECKPOINT, EventStreamContract.ref("CheckpointEvent"));
    train.put(JobEventData.DONE, EventStreamContract.ref("TrainingDoneEvent"));
    Map<String, Map<String, String>> lrFinder = new LinkedHashMap<>();
    lrFinder.put(JobEventData.STATUS, EventStreamContract.ref("JobStatusEvent"));
    lrFinder.put(JobEventData.BATCH, EventStreamContract.ref("BatchEvent"));
    lrFinder.put(JobEventData.DONE, EventStreamContract.ref("LrFinderDoneEvent"));
    Map<String, Map<String, Map<String, String>>> byKind = new LinkedHashMap<>();
    byKind.put(JobKinds.TRAIN, train);
    byKind.put(JobKinds.LR_FINDER, lrFinder);
    EventStreamContract.describeEvents(openApi, EVENTS_PATH, byKind);
  }
}
