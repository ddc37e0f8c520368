package dev.residual.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Queues learning-rate sweeps; they are jobs, followed under {@code /api/v1/training-jobs}. */
@RestController
@RequestMapping("/api/v1/lr-finder")
@Tag(name = "Training jobs")
class LrFinderController {

  private final LrFinderService service;

  LrFinderController(LrFinderService service) {
    this.service = service;
  }

  @PostMapping
  @Operation(
      operationId = "submitLrFinderJob",
      summary = "Queue a learning-rate finder job",
      description =
          "fastai's lr_find: trains a fresh network while the learning rate grows exponentially"
              + " from startLr to endLr over numIterations batches, and suggests a learning rate"
              + " (the longest valley of the smoothed loss). Answers 202 with the queued job; its"
              + " Location, events, cancel and delete are those of training jobs, and the finished"
              + " job's `lrFinder` holds the curve and the suggestions. 429 when 100 jobs are"
              + " already queued.")
  @ApiResponse(responseCode = "202", description = "Queued")
  ResponseEntity<TrainingJob> submit(@Valid @RequestBody LrFinderRequest request) {
    TrainingJob job = service.submit(request);
    URI location =
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/api/v1/training-jobs/{id}")
            .buildAndExpand(job.id())
            .toUri();
    return ResponseEntity.accepted().location(location).body(job);
  }
}
