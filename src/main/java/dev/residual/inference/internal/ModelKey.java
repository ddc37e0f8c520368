package dev.residual.inference.internal;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a served model is: a registered model's version, or a bare checkpoint (then {@code model}
 * and {@code version} are null).
 */
public record ModelKey(@Nullable String model, @Nullable Integer version, UUID checkpointId) {

  public ModelKey {
    Objects.requireNonNull(checkpointId, "checkpointId");
    if ((model == null) != (version == null)) {
      throw new IllegalArgumentException("a model name needs a version and a version a name");
    }
  }

  public static ModelKey of(String model, int version, UUID checkpointId) {
    return new ModelKey(model, version, checkpointId);
  }

  public static ModelKey checkpoint(UUID checkpointId) {
    return new ModelKey(null, null, checkpointId);
  }

  /** The {@code model} tag of its metrics: the model's name, or {@code checkpoint}. */
  String modelTag() {
    return model == null ? "checkpoint" : model;
  }

  /** The {@code version} tag of its metrics: the version, or the checkpoint's id. */
  String versionTag() {
    return version == null ? checkpointId.toString() : version.toString();
  }

  @Override
  public String toString() {
    return model == null
        ? "checkpoint " + checkpointId
        : "model '" + model + "' version " + version + " (checkpoint " + checkpointId + ")";
  }
}
