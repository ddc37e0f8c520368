/**
 * Evaluating a checkpoint on a dataset split, as its job validated: part of the training module's
 * API, so that other modules (experiments) can evaluate the checkpoints of their jobs.
 */
@org.springframework.modulith.NamedInterface("evaluation")
package dev.residual.training.evaluation;
