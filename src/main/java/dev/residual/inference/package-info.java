/**
 * Serving predictions: the model registry (named models, their versions, the active one, kept in
 * step across instances by {@code ModelSync}), loading checkpoints into served models, bounded
 * batching queues with a worker per predictor, and the prediction endpoints, which prepare each
 * upload with the datasets module's {@link dev.residual.datasets.ImagePipeline}.
 *
 * <p>A training job's {@link dev.residual.training.TrainingJobSucceeded} publishes its best
 * checkpoint when the request asked for it ({@code PublishOnSuccess}).
 */
package dev.residual.inference;
