package dev.residual.experiments;

import dev.residual.experiments.internal.ResultsCsv;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.validation.annotation.Validated;
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

/** Experiments: a grid of variants × seeds as one request. Live events are served by streaming. */
@RestController
@Validated
@RequestMapping("/api/v1/experiments")
@Tag(
    name = "Experiments",
    description =
        "Controlled comparisons: variants of a job request times seeds, with aggregated results")
class ExperimentController {

  private final ExperimentService service;

  ExperimentController(ExperimentService service) {
    this.service = service;
  }

  @PostMapping
  @Operation(
      operationId = "createExperiment",
      summary = "Queue an experiment: every variant with every seed, as tagged training jobs",
      description =
          "Give `base` + `variants` (+ `seeds`), or a `preset`. The whole grid is checked first: a"
              + " variant that would not be a valid job answers 400 naming the variant and the field"
              + " (`variants[name].field`), and nothing is queued. Then all jobs are queued in one"
              + " transaction. 400 also for an unknown preset, no variants, duplicate names or"
              + " seeds, and more jobs than `residual.experiments.max-jobs` (64).")
  @ApiResponse(responseCode = "202", description = "Queued")
  ResponseEntity<Experiment> create(@Valid @RequestBody ExperimentRequest request) {
    Experiment experiment = service.create(request);
    URI location =
        ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}")
            .buildAndExpand(experiment.id())
            .toUri();
    return ResponseEntity.accepted().location(location).body(experiment);
  }

  @GetMapping
  @Operation(
      operationId = "listExperiments",
      summary = "List experiments, newest first",
      description =
          "A page of experiments with their status and progress; `page` from 0, `size` 1-200.")
  ExperimentSummary.Page list(
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
    return service.list(page, size);
  }

  @GetMapping("/presets")
  @Operation(
      operationId = "listExperimentPresets",
      summary = "The chapter-14 comparisons, ready to run",
      description =
          "Each preset with its variants; submit one with `{\"preset\": name}` and optional"
              + " `dataset`, `seeds` and `epochs`, which replace the preset's.")
  List<PresetInfo> presets() {
    return service.presets();
  }

  @GetMapping("/{id}")
  @Operation(
      operationId = "getExperiment",
      summary = "An experiment: status, progress, and per variant its jobs and aggregated metrics",
      description =
          "Per variant: `n` and the mean, standard deviation and values of each metric over the"
              + " seeds whose jobs succeeded. 404 for an unknown id.")
  Experiment get(@PathVariable String id) {
    return service.get(id);
  }

  @GetMapping(value = "/{id}/results", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "getExperimentResults",
      summary = "One row per job and one per variant (JSON, or CSV with Accept: text/csv)",
      description =
          "The same numbers as the experiment, flattened into rows for a table or a spreadsheet.")
  @ApiResponse(
      responseCode = "200",
      content = {
        @Content(
            mediaType = "application/json",
            schema = @Schema(implementation = ExperimentResults.class)),
        @Content(mediaType = "text/csv", schema = @Schema(type = "string"))
      })
  ExperimentResults results(@PathVariable String id) {
    return service.results(id);
  }

  @GetMapping(value = "/{id}/results", produces = "text/csv")
  @Operation(hidden = true)
  ResponseEntity<String> resultsCsv(@PathVariable String id) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv"))
        .body(ResultsCsv.render(service.results(id)));
  }

  @GetMapping(value = "/{id}/results.csv", produces = "text/csv")
  @Operation(
      operationId = "downloadExperimentResultsCsv",
      summary = "The results as a CSV file, for links and browsers that cannot set Accept",
      description = "Served as an attachment named after the experiment.")
  @ApiResponse(
      responseCode = "200",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
  ResponseEntity<String> resultsCsvFile(@PathVariable String id) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv"))
        .header("Content-Disposition", "attachment; filename=\"experiment-" + id + ".csv\"")
        .body(ResultsCsv.render(service.results(id)));
  }

  @PostMapping("/{id}/cancel")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Operation(
      operationId = "cancelExperiment",
      summary = "Cancel every job of the experiment that has not ended; 409 once it has ended",
      description = "Queued jobs are cancelled at once, running ones at their next batch.")
  Experiment cancel(@PathVariable String id) {
    return service.cancel(id);
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(
      operationId = "deleteExperiment",
      summary = "Delete a finished experiment with its jobs, their events and checkpoints",
      description = "409 while any of its jobs is queued or running: cancel it first.")
  void delete(@PathVariable String id) {
    service.delete(id);
  }
}
