package dev.residual.datasets.download;

import dev.residual.streaming.EventStreamContract;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the {@code data} of a dataset download's server-sent events: each event type's record
 * becomes a named schema, and the event stream's media type maps each event type to its schema
 * under {@code x-event-data}, as a training job's stream does.
 */
@Component
class DownloadEventsContract implements OpenApiCustomizer {

  static final String EVENTS_PATH = "/api/v1/datasets/{name}/download/events";

  private static final List<Class<?>> EVENT_TYPES =
      List.of(
          DownloadEventData.Phase.class,
          DownloadEventData.Progress.class,
          DownloadEventData.Decode.class,
          DownloadEventData.Done.class,
          DownloadEventData.Failed.class);

  @Override
  public void customise(OpenAPI openApi) {
    EventStreamContract.addSchemas(openApi, EVENT_TYPES);
    Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    byType.put(DownloadEventData.PHASE, EventStreamContract.ref("DownloadPhaseEvent"));
    byType.put(DownloadEventData.PROGRESS, EventStreamContract.ref("DownloadProgressEvent"));
    byType.put(DownloadEventData.DECODE, EventStreamContract.ref("DownloadDecodeEvent"));
    byType.put(DownloadEventData.DONE, EventStreamContract.ref("DownloadDoneEvent"));
    byType.put(DownloadEventData.FAILED, EventStreamContract.ref("DownloadFailedEvent"));
    EventStreamContract.describeEvents(openApi, EVENTS_PATH, byType);
  }
}
