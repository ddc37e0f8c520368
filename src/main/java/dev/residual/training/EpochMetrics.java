package dev.residual.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.training.runner.EpochResult;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Metrics of one finished epoch as a job reports them: the {@code epoch} event, the job's latest
 * and best metrics, the metrics history and its CSV. Validation values are NaN when there was
 * nothing to validate; the timings are null when read back from a checkpoint, which keeps none.
 *
 * @param epoch 1-based epoch of the whole run
 * @param trainLoss mean training loss over the epoch's batches
 * @param validLoss mean validation loss per image
 * @param top1 validation top-1 accuracy
 * @param top5 validation top-5 accuracy
 * @param seconds wall time of the epoch, validation included
 * @param imagesPerSecond training throughput
 */
@Schema(
    name = "EpochMetrics",
    description = "One finished epoch (event `epoch`, and a row of the metrics history)")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EpochMetrics(
    @Schema(description = "1-based epoch") int epoch,
    double trainLoss,
    double validLoss,
    @Schema(description = "Validation top-1 accuracy, 0 to 1") double top1,
    @Schema(description = "Validation top-5 accuracy, 0 to 1") double top5,
    @Schema(description = "Wall time of the epoch") @Nullable Double seconds,
    @Nullable Double imagesPerSecond) {

  /** The CSV's columns: the fields in order. */
  public static final List<String> COLUMNS =
      List.of("epoch", "trainLoss", "validLoss", "top1", "top5", "seconds", "imagesPerSecond");

  /** What the runner measured. */
  public static EpochMetrics of(EpochResult e) {
    return new EpochMetrics(
        e.epoch(),
        e.trainLoss(),
        e.validLoss(),
        e.top1(),
        e.top5(),
        e.seconds(),
        e.imagesPerSecond());
  }

  /** Read back from a checkpoint's {@link #checkpointMetrics()}. */
  public static EpochMetrics ofCheckpoint(Map<String, Double> metrics) {
    return new EpochMetrics(
        (int) Math.round(metrics.getOrDefault("epoch", 0.0)),
        metrics.getOrDefault("trainLoss", Double.NaN),
        metrics.getOrDefault("validLoss", Double.NaN),
        metrics.getOrDefault("top1", Double.NaN),
        metrics.getOrDefault("top5", Double.NaN),
        null,
        null);
  }

  /** What a checkpoint keeps: the epoch, the losses and the accuracies. */
  public Map<String, Double> checkpointMetrics() {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("epoch", (double) epoch);
    metrics.put("trainLoss", trainLoss);
    metrics.put("validLoss", validLoss);
    metrics.put("top1", top1);
    metrics.put("top5", top5);
    return metrics;
  }

  /** The values in {@link #COLUMNS}' order; null for a timing not known. */
  public List<@Nullable Object> values() {
    return java.util.Arrays.asList(
        epoch, trainLoss, validLoss, top1, top5, seconds, imagesPerSecond);
  }
}
