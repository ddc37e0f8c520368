package dev.residual.datasets.download;

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
 * Documents the {@code data} of a dataset download's server-sent events: each event type's record
 * becomes a named schema, and the event stream's media type maps each event type to its schema
 * under {@code x-event-data}, as a training job's stream does.
 */
@Component
class DownloadEventsContract implements OpenApiCustomizer {

  static final String EVENTS_PATH = "/api/v1/datasets/{name}/download/events";
  static final String EXTENSION = "x-event-data";

  private static final List<Class<?>> EVENT_TYPES =
      List.of(
          DownloadEventData.Phase.class,
          DownloadEventData.Progress.class,
          DownloadEventData.Decode.class,
          DownloadEventData.Done.class,
          DownloadEventData.Failed.class);

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
    Map<String, Map<String, String>> byType = new LinkedHashMap<>();
    byType.put(DownloadEventData.PHASE, ref("DownloadPhaseEvent"));
    byType.put(DownloadEventData.PROGRESS, ref("DownloadProgressEvent"));
    byType.put(DownloadEventData.DECODE, ref("DownloadDecodeEvent"));
    byType.put(DownloadEventData.DONE, ref("DownloadDoneEvent"));
    byType.put(DownloadEventData.FAILED, ref("DownloadFailedEvent"));
    stream.addExtension(EXTENSION, byType);
  }

  private static Map<String, String> ref(String schema) {
    return Map.of("$ref", "#/components/schemas/" + schema);
  }
}
