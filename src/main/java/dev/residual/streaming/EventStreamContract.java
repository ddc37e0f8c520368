package dev.residual.streaming;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an SSE endpoint documents its events in openapi.yaml: each event's record is a named schema,
 * and the stream's media type maps each event type to its schema under {@code x-event-data}, which
 * OpenAPI 3.1 has no keyword for.
 */
public final class EventStreamContract {

  public static final String EXTENSION = "x-event-data";

  private EventStreamContract() {}

  /** Adds the schema of each record (and of what it refers to) unless one is named so already. */
  public static void addSchemas(OpenAPI openApi, List<Class<?>> records) {
    Components components = openApi.getComponents();
    for (Class<?> type : records) {
      ModelConverters.getInstance(true)
          .readAll(new AnnotatedType(type))
          .forEach(
              (name, schema) -> {
                if (components.getSchemas() == null || !components.getSchemas().containsKey(name)) {
                  components.addSchemas(name, schema);
                }
              });
    }
  }

  /** Sets {@code x-event-data} on the 200 event stream of {@code GET path}, if it is documented. */
  public static void describeEvents(OpenAPI openApi, String path, Object eventData) {
    Optional.ofNullable(openApi.getPaths())
        .map(paths -> paths.get(path))
        .map(PathItem::getGet)
        .map(get -> get.getResponses().get("200").getContent().get("text/event-stream"))
        .ifPresent((MediaType stream) -> stream.addExtension(EXTENSION, eventData));
  }

  /** A reference to a named schema, as {@code x-event-data} holds them. */
  public static Map<String, String> ref(String schema) {
    return Map.of("$ref", "#/components/schemas/" + schema);
  }
}
