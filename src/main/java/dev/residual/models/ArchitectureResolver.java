package dev.residual.models;

import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a request's {@code architecture} field, either a name such as {@code "resnet18"} or a spec
 * object, into an {@link ArchitectureSpec}. Errors name the field ({@code architecture} or {@code
 * architecture.<property>}) so that every endpoint that takes an architecture reports them the same
 * way.
 */
@Component
public class ArchitectureResolver {

  static final String FIELD = "architecture";

  private final JsonMapper jsonMapper;

  ArchitectureResolver(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  /** Resolves a name or a spec; throws a 400 {@link DomainException} naming the field otherwise. */
  public ArchitectureSpec resolve(Object architecture) {
    if (architecture instanceof String name) {
      return Architectures.named(name)
          .orElseThrow(
              () ->
                  InvalidRequestException.field(
                      FIELD,
                      "unknown architecture '"
                          + name
                          + "'; known: "
                          + String.join(", ", Architectures.named().keySet())
                          + ", or a spec object"));
    }
    if (architecture instanceof Map<?, ?> spec) {
      try {
        return jsonMapper.convertValue(spec, ArchitectureSpec.class);
      } catch (DatabindException e) {
        String property =
            e.getPath().isEmpty() || e.getPath().get(0).getPropertyName() == null
                ? FIELD
                : FIELD + "." + e.getPath().get(0).getPropertyName();
        throw InvalidRequestException.field(property, rootMessage(e));
      } catch (JacksonException | IllegalArgumentException e) {
        throw InvalidRequestException.field(FIELD, rootMessage(e));
      }
    }
    throw InvalidRequestException.field(
        FIELD,
        "must be the name of an architecture or a spec object, e.g. {\"blocks\": [2, 2, 2, 2]}");
  }

  private static String rootMessage(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof DomainException api) {
      return api.getMessage();
    }
    String message = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
    return message == null
        ? "is not a valid architecture spec"
        : message.lines().findFirst().orElse(message);
  }
}
