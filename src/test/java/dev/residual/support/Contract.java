package dev.residual.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The published contract ({@code openapi.yaml}) as a validator of real traffic: finds the operation
 * a request hits and checks JSON bodies against the schema the contract gives for the request or
 * for the response's status and media type. It is stricter than the document in one way: an object
 * schema that lists its properties accepts no others, so that a field the service sends but the
 * contract does not name fails as well (problem details, which may carry extra members, are the
 * exception).
 */
public final class Contract {

  public static final Path FILE = Path.of("openapi.yaml");

  private static final String BASE = "https://residual.test/openapi.json";
  private static final String SCHEMAS = "#/components/schemas/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode document;
  private final List<OperationPath> paths = new ArrayList<>();
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private Contract(ObjectNode document) {
    this.document = document;
    document.get("paths").fieldNames().forEachRemaining(p -> paths.add(new OperationPath(p)));
    ObjectNode schemas = (ObjectNode) document.get("components").get("schemas");
    schemas
        .fields()
        .forEachRemaining(
            e -> {
              if (!e.getKey().equals("Problem")) {
                closeObjects(e.getValue());
              }
            });
    String text = document.toString();
    factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder
                    .metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                    .schemaLoaders(loaders -> loaders.schemas(Map.of(BASE, text))));
  }

  /** The contract at the repository root. */
  public static Contract load() {
    try {
      Map<String, Object> yaml = new Yaml().load(Files.readString(FILE));
      return new Contract(JSON.valueToTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Violations of the named schema ({@code components/schemas/<name>}) by {@code json}. */
  public List<String> validateSchema(String name, String json) {
    return validate("/components/schemas/" + name, json);
  }

  /**
   * Violations of the contract by one response: an undocumented operation or status, or a JSON body
   * that does not match its schema. Non-JSON bodies are checked for a documented media type only.
   */
  public List<String> validateResponse(
      String method, String path, int status, String contentType, String body) {
    String where = method + " " + path + " → " + status;
    Optional<String> operation = operationPointer(method, path);
    if (operation.isEmpty()) {
      return List.of(where + ": no such operation in the contract");
    }
    JsonNode responses = at(operation.get() + "/responses");
    String code = Integer.toString(status);
    String key =
        responses.has(code)
            ? code
            : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX" : null;
    if (key == null) {
      return List.of(where + ": status not documented");
    }
    return validateContent(where, operation.get() + "/responses/" + key, contentType, body);
  }

  /** Violations of the contract by one JSON request body. */
  public List<String> validateRequest(String method, String path, String contentType, String body) {
    String where = method + " " + path + " (request)";
    Optional<String> operation = operationPointer(method, path);
    if (operation.isEmpty()) {
      return List.of(where + ": no such operation in the contract");
    }
    if (at(operation.get() + "/requestBody").isMissingNode()) {
      return body.isEmpty() ? List.of() : List.of(where + ": the operation takes no body");
    }
    return validateContent(where, operation.get() + "/requestBody", contentType, body);
  }

  private List<String> validateContent(
      String where, String pointer, String contentType, String body) {
    JsonNode content = at(pointer + "/content");
    if (content.isMissingNode()) {
      return body.isEmpty() ? List.of() : List.of(where + ": a body where the contract has none");
    }
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    if (!content.has(mediaType)) {
      return List.of(where + ": media type '" + mediaType + "' not documented");
    }
    if (!mediaType.endsWith("json")) {
      return List.of();
    }
    if (!content.get(mediaType).has("schema")) {
      return List.of(where + ": no schema for " + mediaType);
    }
    return validate(pointer + "/content/" + escape(mediaType) + "/schema", body).stream()
        .map(message -> where + ": " + message)
        .toList();
  }

  /** The schema {@code x-event-data} names for an event of a job of {@code kind}, if any. */
  public Optional<String> eventSchema(String kind, String eventType) {
    JsonNode ref =
        at(
            "/paths/"
                + escape("/api/v1/training-jobs/{id}/events")
                + "/get/responses/200/content/text~1event-stream/x-event-data/"
                + kind
                + "/"
                + eventType
                + "/$ref");
    return ref.isMissingNode()
        ? Optional.empty()
        : Optional.of(ref.asText().substring(SCHEMAS.length()));
  }

  private List<String> validate(String pointer, String json) {
    JsonSchema schema =
        compiled.computeIfAbsent(
            pointer, p -> factory.getSchema(SchemaLocation.of(BASE + "#" + encode(p)), config));
    try {
      return schema.validate(JSON.readTree(json)).stream()
          .map(ValidationMessage::getMessage)
          .toList();
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }

  private Optional<String> operationPointer(String method, String path) {
    String lower = method.toLowerCase(Locale.ROOT);
    return paths.stream()
        .filter(p -> p.matches(path))
        .map(p -> "/paths/" + escape(p.template()) + "/" + lower)
        .filter(pointer -> !at(pointer).isMissingNode())
        .findFirst();
  }

  private JsonNode at(String pointer) {
    return document.at(pointer);
  }

  /** Adds {@code additionalProperties: false} to every object schema that lists its properties. */
  private static void closeObjects(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if (object.has("properties") && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
        closeObjects(children.next());
      }
    } else if (node.isArray()) {
      node.forEach(Contract::closeObjects);
    }
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** A JSON pointer as a URI fragment (RFC 6901, section 6). */
  private static String encode(String pointer) {
    return pointer.replace("{", "%7B").replace("}", "%7D");
  }

  private record OperationPath(String template, Pattern pattern) {
    OperationPath(String template) {
      this(template, Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")));
    }

    boolean matches(String path) {
      return pattern.matcher(path).matches();
    }
  }
}
