package dev.residual.checkpoints;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.datasets.Normalization;
import dev.residual.models.ArchitectureSpec;
import dev.residual.system.EngineInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to rebuild and use a checkpoint without the job that wrote it: stored as {@code
 * metadata.json} inside the archive and as {@code metadata_json} in its row.
 *
 * <p>Unknown properties are ignored so that a reader of the same {@link #formatVersion()} accepts
 * fields a later release added; an incompatible layout gets a new format version instead.
 *
 * @param formatVersion layout of the archive and of this document, {@link #FORMAT_VERSION} today
 * @param architecture the network to build before loading {@code model.params}
 * @param classes class names in output order
 * @param inputShape {@code [channels, height, width]} the model was trained on
 * @param normalization per-channel mean and std applied to inputs scaled to [0, 1]
 * @param request the training job's request as submitted, kept as raw JSON so that this module does
 *     not depend on the training module
 * @param epoch the number of epochs completed when the checkpoint was written
 * @param metrics name to value, e.g. {@code trainLoss}, {@code validLoss}, {@code top1}, {@code
 *     top5}
 * @param djlVersion DJL that wrote {@code model.params}
 * @param engine the engine that wrote it, e.g. {@code PyTorch}
 * @param engineVersion that engine's version
 * @param createdAt when the checkpoint was written
 * @param storedSize side of the square images the training dataset stored, from which each input
 *     was resized to {@code inputShape}; prediction resizes to it first so that its inputs equal
 *     training's. Null in checkpoints written before it was recorded: the input size then.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointMetadata(
    int formatVersion,
    ArchitectureSpec architecture,
    List<String> classes,
    List<Integer> inputShape,
    Normalization normalization,
    Map<String, Object> request,
    int epoch,
    Map<String, Double> metrics,
    String djlVersion,
    String engine,
    String engineVersion,
    Instant createdAt,
    @Schema(hidden = true) @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable Integer storedSize) {

  /** The only layout this release writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public CheckpointMetadata {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("formatVersion must be at least 1");
    }
    Objects.requireNonNull(architecture, "architecture");
    classes = List.copyOf(Objects.requireNonNull(classes, "classes"));
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("classes must not be empty");
    }
    inputShape = List.copyOf(Objects.requireNonNull(inputShape, "inputShape"));
    if (inputShape.size() != 3 || inputShape.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("inputShape must be [channels, height, width], all > 0");
    }
    Objects.requireNonNull(normalization, "normalization");
    if (normalization.mean().size() != inputShape.get(0)) {
      throw new IllegalArgumentException("normalization needs one mean and std per input channel");
    }
    // A training request may legitimately hold JSON nulls, which Map.copyOf would reject.
    request = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(request)));
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must not be negative");
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metrics)));
    Objects.requireNonNull(djlVersion, "djlVersion");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(engineVersion, "engineVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    if (storedSize != null && storedSize < 1) {
      throw new IllegalArgumentException("storedSize must be at least 1");
    }
  }

  /** Metadata without a stored size: images were stored at the input size. */
  public CheckpointMetadata(
      int formatVersion,
      ArchitectureSpec architecture,
      List<String> classes,
      List<Integer> inputShape,
      Normalization normalization,
      Map<String, Object> request,
      int epoch,
      Map<String, Double> metrics,
      String djlVersion,
      String engine,
      String engineVersion,
      Instant createdAt) {
    this(
        formatVersion,
        architecture,
        classes,
        inputShape,
        normalization,
        request,
        epoch,
        metrics,
        djlVersion,
        engine,
        engineVersion,
        createdAt,
        null);
  }

  /**
   * Metadata for a checkpoint written now by this process: fills in the format version, DJL's
   * version, the engine and the time.
   */
  public static CheckpointMetadata of(
      ArchitectureSpec architecture,
      List<String> classes,
      List<Integer> inputShape,
      Normalization normalization,
      Map<String, Object> request,
      int epoch,
      Map<String, Double> metrics,
      EngineInfo engine) {
    return of(
        architecture, classes, inputShape, normalization, request, epoch, metrics, engine, null);
  }

  /** As {@link #of}, for a dataset that stored its images at {@code storedSize}. */
  public static CheckpointMetadata of(
      ArchitectureSpec architecture,
      List<String> classes,
      List<Integer> inputShape,
      Normalization normalization,
      Map<String, Object> request,
      int epoch,
      Map<String, Double> metrics,
      EngineInfo engine,
      @Nullable Integer storedSize) {
    return new CheckpointMetadata(
        FORMAT_VERSION,
        architecture,
        classes,
        inputShape,
        normalization,
        request,
        epoch,
        metrics,
        Engine.getDjlVersion(),
        engine.name(),
        engine.version(),
        // Microseconds are what PostgreSQL keeps; the row and the file then agree exactly.
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        storedSize);
  }

  /** Per-channel statistics that inputs were normalised with: {@code (x - mean) / std}. */
  public record Normalization(List<Float> mean, List<Float> std) {

    public Normalization {
      mean = List.copyOf(Objects.requireNonNull(mean, "mean"));
      std = List.copyOf(Objects.requireNonNull(std, "std"));
      if (mean.size() != std.size()) {
        throw new IllegalArgumentException("mean and std must have the same length");
      }
      if (std.stream().anyMatch(s -> !(s > 0) || s.isInfinite())) {
        throw new IllegalArgumentException("std values must be positive and finite");
      }
    }
  }
}
