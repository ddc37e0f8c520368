package dev.residual.training.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Evaluates checkpoints. It lives in the training module, which owns the input pipeline and the
 * metrics, so that the checkpoints module need not depend on training.
 */
@RestController
@Tag(name = "Checkpoints")
class CheckpointEvaluationController {

  private final CheckpointEvaluations evaluations;

  CheckpointEvaluationController(CheckpointEvaluations evaluations) {
    this.evaluations = evaluations;
  }

  @PostMapping("/api/v1/checkpoints/{id}/evaluations")
  @Operation(
      operationId = "evaluateCheckpoint",
      summary = "Evaluate a checkpoint on a dataset split",
      description =
          "Runs the checkpoint over the split in order with the preprocessing and the loss its job"
              + " validated with (its normalisation and image size, the job's label smoothing and"
              + " batch size): on the job's validation split with the job's limitValidBatches as"
              + " limitBatches, top-1 and top-5 equal the job's. Answers loss, top-1, top-5,"
              + " per-class accuracy and the confusion matrix. One evaluation runs at a time per"
              + " instance: 503 with Retry-After meanwhile. 404 for an unknown checkpoint, 400 for"
              + " an unknown dataset or one whose channels or classes do not fit the checkpoint,"
              + " 409 for a dataset that is not downloaded.")
  CheckpointEvaluation evaluate(
      @PathVariable UUID id, @Valid @RequestBody EvaluationRequest request) {
    return evaluations.evaluate(id, request);
  }
}
