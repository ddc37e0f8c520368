package dev.residual.system;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The contract's front matter and conventions. The server URL is fixed so that the generated
 * document does not depend on the port a test happened to bind, which keeps {@code openapi.yaml}
 * reproducible; every operation declares an operation id that reads as a method name (verb and
 * noun, plural for lists: {@code listTrainingJobs}, {@code activateModelVersion}), which generated
 * clients use; every error response is an RFC 9457 problem detail.
 */
@Configuration(proxyBeanMethods = false)
@SuppressWarnings("rawtypes")
class OpenApiConfiguration {

  static final String PROBLEM = "Problem";
  static final String PROBLEM_JSON = "application/problem+json";
  static final String MULTIPART = "multipart/form-data";
  static final String SCHEMAS = "#/components/schemas/";

  @Bean
  OpenAPI residualOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Residual API")
                .version("v1")
                .description(
                    "Trains and serves the ResNets of fastbook chapter 14 on DJL's PyTorch engine."
                        + " Errors are RFC 9457 problem details (application/problem+json).")
                .contact(new Contact().name("Residual maintainers"))
                .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
        .servers(List.of(new Server().url("http://localhost:8080").description("Local default")));
  }

  /**
   * Operations declare their id in {@code @Operation}; one that does not gets method and resource,
   * {@code list} on {@code ModelController} becoming {@code listModel}.
   */
  @Bean
  OperationCustomizer stableOperationIds() {
    return (operation, handler) -> {
      var annotation = handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class);
      if (annotation == null || !StringUtils.hasText(annotation.operationId())) {
        String resource = handler.getBeanType().getSimpleName().replace("Controller", "");
        operation.setOperationId(handler.getMethod().getName() + resource);
      }
      return operation;
    };
  }

  /** Every 4xx and 5xx response, declared or not, is a problem detail. */
  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(this::addErrors));
    };
  }

  /**
   * Multipart request bodies are written inline, not as a reference to a named schema: generators
   * turn an inline form into form parameters, whereas a named one that is not an operation's first
   * media type becomes an import of a model they never emit.
   */
  @Bean
  OpenApiCustomizer inlineMultipartForms() {
    return openApi -> {
      Map<String, Schema> schemas = openApi.getComponents().getSchemas();
      Set<String> inlined = new HashSet<>();
      openApi.getPaths().values().stream()
          .flatMap(path -> path.readOperations().stream())
          .map(Operation::getRequestBody)
          .filter(body -> body != null && body.getContent() != null)
          .map(body -> body.getContent().get(MULTIPART))
          .filter(
              form ->
                  form != null && form.getSchema() != null && form.getSchema().get$ref() != null)
          .forEach(
              form -> {
                String name = form.getSchema().get$ref().substring(SCHEMAS.length());
                form.setSchema(schemas.get(name));
                inlined.add(name);
              });
      String document = Json31.pretty(openApi);
      inlined.stream()
          .filter(name -> !document.contains("\"" + SCHEMAS + name + "\""))
          .forEach(schemas::remove);
    };
  }

  private void addErrors(Operation operation) {
    operation.getResponses().putIfAbsent("4XX", problemResponse("Problem details"));
    operation.getResponses().putIfAbsent("5XX", problemResponse("Problem details"));
    operation
        .getResponses()
        .forEach(
            (code, response) -> {
              if (code.startsWith("4") || code.startsWith("5")) {
                response.setContent(problemContent());
              }
            });
  }

  private static ApiResponse problemResponse(String description) {
    return new ApiResponse().description(description).content(problemContent());
  }

  private static Content problemContent() {
    return new Content()
        .addMediaType(PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(SCHEMAS + PROBLEM)));
  }

  private static Schema<?> problemSchema() {
    Schema<?> fieldError =
        typed("object")
            .description("One offending request field")
            .properties(
                props(
                    "field", typed("string").description("The field, as the request named it"),
                    "message", typed("string").description("What is wrong with it")));
    Map<String, Schema> properties =
        props(
            "type", typed("string").format("uri").description("The problem type"),
            "title", typed("string").description("Short summary of the problem type"),
            "status", typed("integer").format("int32").description("The HTTP status"),
            "detail", typed("string").description("What went wrong, for a human"),
            "instance", typed("string").description("The request path"));
    properties.put(
        "errors",
        typed("array").items(fieldError).description("The offending request fields, if any"));
    return typed("object")
        .description("RFC 9457 problem details; `errors` names the offending request fields")
        .properties(properties);
  }

  private static Schema<?> typed(String type) {
    return new JsonSchema().typesItem(type);
  }

  @SuppressWarnings("rawtypes")
  private static Map<String, Schema> props(Object... nameAndSchema) {
    Map<String, Schema> properties = new LinkedHashMap<>();
    for (int i = 0; i < nameAndSchema.length; i += 2) {
      properties.put((String) nameAndSchema[i], (Schema) nameAndSchema[i + 1]);
    }
    return properties;
  }
}
