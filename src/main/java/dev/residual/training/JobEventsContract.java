package dev.residual.training;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
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
  static final String EXTENSION = "x-event-data";

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
    Components components = openApi.getComponents();
    for (Class<?> type : EVENT_TYPES) {
      ModelConverters.getInstance(true)
          .readAll(new AnnotatedType(type))
          .forEach(
              (name, schema) -> {
                if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                  components.addSchemas(name, schema);
                }
              });
    }
    PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(EVENTS_PATH);
    if (path == null || path.getGet() == null) {
      return;
    }
    MediaType stream =
        path.getGet().getResponses().get("200").getContent().get("text/event-stream");
    Map<String, Map<String, String>> train = new LinkedHashMap<>();
    train.put(JobEventData.STATUS, ref("JobStatusEvent"));
    train.put(JobEventData.BATCH, ref("BatchEvent"));
    train.put(JobEventData.EPOCH, ref("EpochMetrics"));
    train.put(JobEventData.CHECKPOINT, ref("CheckpointEvent"));
    train.put(JobEventData.DONE, ref("TrainingDoneEvent"));
    Map<String, Map<String, String>> lrFinder = new LinkedHashMap<>();
    lrFinder.put(JobEventData.STATUS, ref("JobStatusEvent"));
    lrFinder.put(JobEventData.BATCH, ref("BatchEvent"));
    lrFinder.put(JobEventData.DONE, ref("LrFinderDoneEvent"));
    Map<String, Map<String, Map<String, String>>> byKind = new LinkedHashMap<>();
    byKind.put(JobKinds.TRAIN, train);
    byKind.put(JobKinds.LR_FINDER, lrFinder);
    stream.addExtension(EXTENSION, byKind);
  }

  private static Map<String, String> ref(String schema) {
    return Map.of("$ref", "#/components/schemas/" + schema);
  }
}
