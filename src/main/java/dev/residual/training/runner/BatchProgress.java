package dev.residual.training.runner;

/**
 * Progress after one training batch.
 *
 * @param epoch 1-based epoch of the whole run
 * @param batch 1-based batch within the epoch
 * @param batches training batches per epoch
 * @param loss this batch's training loss
 * @param smoothedLoss fastai's smoothed loss: exponential average (beta 0.98), debiased
 * @param learningRate the learning rate this batch was trained with
 * @param imagesPerSecond training throughput of the epoch so far
 * @param progress fraction of the run's training steps done, in [0, 1]
 * @param etaSeconds estimated seconds until the run ends, validation included
 */
public record BatchProgress(
    int epoch,
    int batch,
    int batches,
    double loss,
    double smoothedLoss,
    double learningRate,
    double imagesPerSecond,
    double progress,
    double etaSeconds) {}
