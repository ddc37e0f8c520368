package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * How a succeeded job's {@code publishAs} went: the model version it became, or why it did not. A
 * failed publication leaves the job SUCCEEDED; only this record tells.
 *
 * @param model the model name the request gave in {@code publishAs}
 * @param version the new version; absent when the publication failed
 * @param active whether that version serves (a model's first version does)
 * @param error why the publication failed; absent when it succeeded
 */
@Schema(
    description =
        "The model version a job with publishAs published its best checkpoint as, or the error"
            + " that prevented it (the job stays SUCCEEDED)")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Publication(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "fashion") String model,
    @Schema(example = "1") @Nullable Integer version,
    @Nullable Boolean active,
    @Nullable String error) {

  public static Publication published(String model, int version, boolean active) {
    return new Publication(model, version, active, null);
  }

  public static Publication failed(String model, String error) {
    return new Publication(model, null, null, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
