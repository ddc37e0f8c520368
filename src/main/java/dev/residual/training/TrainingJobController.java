package dev.residual.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import java.util.Map;
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

/** Training jobs: submit, follow, cancel, delete. Live events are served by the streaming module. */
@RestController
@RequestMapping("/api/v1/training-jobs")
@Tag(name = "Training jobs")
class TrainingJobController {

  private final TrainingJobService service;
  private final MetricsCsv csv;

  TrainingJobController(TrainingJobService service, MetricsCsv csv) {
    this.service = service;
    this.csv = csv;
  }

  @PostMapping
  @Operation(
      summary = "Queue a training job",
      description = "Answers 202 with the queued job and its Location; 429 when 100 jobs are already queued.")
  @ApiResponse(responseCode = "202", description = "Queued")
  ResponseEntity<TrainingJob> submit(@Valid @RequestBody TrainingJobRequest request) {
    TrainingJob job = service.submit(request);
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(job.id()).toUri();
    return ResponseEntity.accepted().location(location).body(job);
  }

  @GetMapping
  @Operation(summary = "List training jobs, newest first")
  TrainingJobService.JobPage list(
      @RequestParam(required = false) JobStatus status,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return service.list(status, page, size);
  }

  @GetMapping("/{id}")
  @Operation(summary = "A job: its request, status, progress, latest and best metrics, timings")
  TrainingJob get(@PathVariable String id) {
    return service.get(id);
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      summary = "Cancel a job",
      description = "A queued job is cancelled at once, a running one at its next batch; its checkpoints are kept.")
  TrainingJob cancel(@PathVariable String id) {
    return service.cancel(id);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Delete a finished job with its events and checkpoints")
  void delete(@PathVariable String id) {
    service.delete(id);
  }

  @GetMapping(value = "/{id}/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Per-epoch metrics history (JSON, or CSV with Accept: text/csv)")
  @ApiResponse(
      responseCode = "200",
      content = {
        @Content(mediaType = "application/json"),
        @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
      })
  List<Map<String, Object>> metrics(@Parameter @PathVariable String id) {
    return service.metrics(id);
  }

  @GetMapping(value = "/{id}/metrics", produces = "text/csv")
  @Operation(hidden = true)
  ResponseEntity<String> metricsCsv(@PathVariable String id) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv"))
        .body(csv.render(service.epochs(id)));
  }
}
