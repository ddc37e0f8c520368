package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.residual.training.JobStatus;
import java.util.Map;

/**
 * One cell of the grid: a job and its metrics.
 *
 * @param metrics the job's value of each metric it has so far, by {@link Metric} key
 * @param secondSize the second-size evaluation, once done
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobResult(
    String jobId,
    String variant,
    long seed,
    JobStatus status,
    int epochsCompleted,
    double progress,
    String error,
    Map<String, Double> metrics,
    SecondSizeResult secondSize) {}
