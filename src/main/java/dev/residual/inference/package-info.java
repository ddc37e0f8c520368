/**
 * Serving predictions: loading checkpoints into served models and keeping the deployed versions,
 * bounded batching queues with a worker per predictor ({@code internal}), and the prediction
 * endpoints, which prepare each upload with the datasets module's {@link
 * dev.residual.datasets.ImagePipeline}. The model registry (named models, their versions, the
 * active one, kept in step across instances by {@code ModelSync}) lives in {@code registry}.
 *
 * <p>A training job's {@link dev.residual.training.TrainingJobSucceeded} publishes its best
 * checkpoint when the request asked for it ({@code PublishOnSuccess}).
 */
package dev.residual.inference;
