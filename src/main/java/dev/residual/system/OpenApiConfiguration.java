package dev.residual.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The contract's front matter and conventions. The server URL is fixed so that the generated
 * document does not depend on the port a test happened to bind, which keeps {@code openapi.yaml}
 * reproducible; operation ids are stable names for generated clients; every operation documents
 * its errors as RFC 9457 problem details.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  static final String PROBLEM = "Problem";

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
                .license(new License().name("Apache-2.0")))
        .servers(List.of(new Server().url("http://localhost:8080").description("Local default")));
  }

  /** {@code submit} on {@code TrainingJobController} becomes {@code submitTrainingJob}. */
  @Bean
  OperationCustomizer stableOperationIds() {
    return (operation, handler) -> {
      String declared = handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class) == null
          ? ""
          : handler.getMethodAnnotation(io.swagger.v3.oas.annotations.Operation.class).operationId();
      if (!StringUtils.hasText(declared)) {
        String resource = handler.getBeanType().getSimpleName().replace("Controller", "");
        operation.setOperationId(handler.getMethod().getName() + resource);
      }
      return operation;
    };
  }

  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      Schema<?> problem =
          new Schema<>()
              .type("object")
              .description("RFC 9457 problem details; `errors` names the offending request fields")
              .properties(
                  Map.of(
                      "type", new Schema<>().type("string").format("uri"),
                      "title", new Schema<>().type("string"),
                      "status", new Schema<>().type("integer"),
                      "detail", new Schema<>().type("string"),
                      "instance", new Schema<>().type("string"),
                      "errors",
                          new Schema<>()
                              .type("array")
                              .items(
                                  new Schema<>()
                                      .type("object")
                                      .properties(
                                          Map.of(
                                              "field", new Schema<>().type("string"),
                                              "message", new Schema<>().type("string"))))));
      openApi.getComponents().addSchemas(PROBLEM, problem);
      ApiResponse error =
          new ApiResponse()
              .description("Problem details")
              .content(
                  new Content()
                      .addMediaType(
                          "application/problem+json",
                          new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
      openApi.getPaths().values().forEach(path -> path.readOperations().forEach(op -> addErrors(op, error)));
    };
  }

  private static void addErrors(Operation operation, ApiResponse error) {
    operation.getResponses().putIfAbsent("4XX", error);
    operation.getResponses().putIfAbsent("5XX", error);
  }
}
