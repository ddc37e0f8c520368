/**
 * Training and LR-finder jobs: the jobs API, request validation and defaults (their one home is
 * {@link dev.residual.training.runner.Hyperparameters}), the durable queue and its workers with
 * leases and crash recovery ({@code internal}), the DJL training runner, LR finder and evaluator
 * ({@code runner}), and checkpoint evaluations ({@code evaluation}).
 *
 * <p>Publishes {@link dev.residual.training.JobQueued} and {@link
 * dev.residual.training.JobEventsAppended}, heard after commit, and {@link
 * dev.residual.training.TrainingJobSucceeded} once a job's success is recorded. Job ids are {@link
 * dev.residual.training.JobId}s; events carry typed records ({@link
 * dev.residual.training.EpochMetrics} for epochs).
 *
 * <p>A job's events stream through the streaming module: {@code JobEventFeed} reads {@code
 * training_job} and {@code job_event}, and {@link dev.residual.training.JobEventsAppended} is the
 * {@link dev.residual.streaming.StreamAppended} that wakes the job's streams after commit. {@link
 * dev.residual.training.ExperimentJobEvents} reads the events of an experiment's jobs for the
 * experiments module.
 */
package dev.residual.training;
