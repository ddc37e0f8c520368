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
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

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
 * @param request the training job's request with its defaults filled in, kept as a JSON object so
 *     that this module does not depend on the training module; {@link #requestedBatchSize()} and
 *     {@link #requestedLabelSmoothing()} read the fields that evaluation reuses
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
    @Schema(implementation = Map.class) ObjectNode request,
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
    // Copied, JSON nulls included, so that no one else's node can change it afterwards.
    request = Objects.requireNonNull(request, "request").deepCopy();
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

  /** The request as stored; a copy, so that changing it leaves this metadata as it is. */
  @Override
  public ObjectNode request() {
    return request.deepCopy();
  }

  /** The job's batch size, when its request holds a finite number of at least 1. */
  public OptionalInt requestedBatchSize() {
    OptionalDouble value = number("batchSize");
    return value.isPresent() && (int) value.getAsDouble() >= 1
        ? OptionalInt.of((int) value.getAsDouble())
        : OptionalInt.empty();
  }

  /** The job's label smoothing, when its request holds a finite number. */
  public OptionalDouble requestedLabelSmoothing() {
    return number("labelSmoothing");
  }

  private OptionalDouble number(String field) {
    JsonNode value = request.get(field);
    return value != null && value.isNumber() && Double.isFinite(value.doubleValue())
        ? OptionalDouble.of(value.doubleValue())
        : OptionalDouble.empty();
  }

  /**
   * Metadata for a checkpoint written now by this process: fills in the format version, DJL's
   * version, the engine and the time. {@code storedSize} is the side the dataset stored its images
   * at, or null when that is the input size.
   */
  public static CheckpointMetadata of(
      ArchitectureSpec architecture,
      List<String> classes,
      List<Integer> inputShape,
      Normalization normalization,
      ObjectNode request,
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
