package dev.residual.models;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The contract's {@value #NAME} schema: what request fields named {@code architecture} take, a name
 * from the catalogue or an {@link ArchitectureSpec}. Named once so that generated clients get one
 * type for it rather than one per request.
 */
@Component
public class ArchitectureSchema implements OpenApiCustomizer {

  /** The schema's name; request records refer to it as {@link #REF}. */
  public static final String NAME = "Architecture";

  public static final String REF = "#/components/schemas/" + NAME;

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void customise(OpenAPI openApi) {
    ModelConverters.getInstance(true)
        .readAll(new AnnotatedType(ArchitectureSpec.class))
        .forEach(openApi.getComponents()::addSchemas);
    Schema named =
        new JsonSchema()
            .typesItem("string")
            .description(
                "A named architecture: resnet18, resnet34, resnet50, resnet101 or resnet152")
            .examples(List.of("resnet18"));
    Schema spec = new Schema<>().$ref("#/components/schemas/ArchitectureSpec");
    openApi
        .getComponents()
        .addSchemas(
            NAME,
            new JsonSchema()
                .description("A named architecture (resnet18 … resnet152) or a spec")
                .oneOf(List.of(named, spec)));
  }
}
