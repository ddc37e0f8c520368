package dev.residual.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Training jobs: submit, follow, cancel, delete. Live events are served by the streaming module.
 */
@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(
    name = "Training jobs",
    description = "Training runs and learning-rate sweeps: queue, follow, cancel, delete")
class TrainingJobController {

  /** The last page of the largest size still starts at an offset an int can hold. */
  static final int MAX_PAGE = Integer.MAX_VALUE / 200 - 1;

  private final TrainingJobService service;
  private final MetricsCsv csv;

  TrainingJobController(TrainingJobService service, MetricsCsv csv) {
    this.service = service;
    this.csv = csv;
  }

  @PostMapping
  @Operation(
      operationId = "submitTrainingJob",
      summary = "Queue a training job",
      description =
          "Answers 202 with the queued job and its Location; 429 when 100 jobs are already queued.")
  @ApiResponse(responseCode = "202", description = "Queued")
  ResponseEntity<TrainingJob> submit(@Valid @RequestBody TrainingJobRequest request) {
    TrainingJob job = service.submit(request);
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(job.id())
            .toUri();
    return ResponseEntity.accepted().location(location).body(job);
  }

  @GetMapping
  @Operation(
      operationId = "listTrainingJobs",
      summary = "List training jobs, newest first",
      description = "One page of jobs of both kinds, optionally of one status.")
  TrainingJobService.JobPage list(
      @RequestParam(required = false) JobStatus status,
      @RequestParam(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return service.list(status, page, size);
  }

  @GetMapping("/{id}")
  @Operation(
      operationId = "getTrainingJob",
      summary = "A job: its request, status, progress, latest and best metrics, timings",
      description =
          "With publishAs, a SUCCEEDED job's `publication` names the model version it published"
              + " (or why it could not).")
  TrainingJob get(
      @PathVariable @Parameter(description = "Training job id", schema = @Schema(format = "uuid"))
          String id) {
    return service.get(id);
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "cancelTrainingJob",
      summary = "Cancel a job",
      description =
          "A queued job is cancelled at once, a running one at its next batch; its checkpoints are kept.")
  TrainingJob cancel(
      @PathVariable @Parameter(description = "Training job id", schema = @Schema(format = "uuid"))
          String id) {
    return service.cancel(id);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteTrainingJob",
      summary = "Delete a finished job with its events and checkpoints",
      description = "409 while the job is queued or running: cancel it first.")
  void delete(
      @PathVariable @Parameter(description = "Training job id", schema = @Schema(format = "uuid"))
          String id) {
    service.delete(id);
  }

  @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "getTrainingJobMetrics",
      summary = "Per-epoch metrics history (JSON, or CSV with Accept: text/csv)",
      description =
          "One row per finished epoch, oldest first: the data of the job's `epoch` events. The CSV"
              + " has a header row with the same names.")
  @ApiResponse(
      responseCode = "200",
      description = "The history",
      content = {
        @Content(
            mediaType = "application/json",
            array = @ArraySchema(schema = @Schema(implementation = EpochMetrics.class))),
        @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
      })
  List<EpochMetrics> metrics(
      @PathVariable @Parameter(description = "Training job id", schema = @Schema(format = "uuid"))
          String id) {
    return service.epochs(id);
  }

  @GetMapping(value = "/{id}/metrics", produces = "text/csv")
  @Operation(hidden = true)
  ResponseEntity<String> metricsCsv(@PathVariable String id) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv"))
        .body(csv.render(service.epochs(id)));
  }
}
