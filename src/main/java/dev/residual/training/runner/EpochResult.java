package dev.residual.training.runner;

/**
 * Metrics of one finished epoch. Validation values are NaN when there was nothing to validate.
 *
 * @param epoch 1-based epoch of the whole run
 * @param trainLoss mean training loss over the epoch's batches
 * @param validLoss mean validation loss per image
 * @param top1 validation top-1 accuracy, see {@link TopKAccuracy} for ties
 * @param top5 validation top-5 accuracy (1.0 with five classes or fewer)
 * @param seconds wall time of the epoch, validation included
 * @param imagesPerSecond training throughput
 * @param validImagesPerSecond validation throughput
 */
public record EpochResult(
    int epoch,
    double trainLoss,
    double validLoss,
    double top1,
    double top5,
    double seconds,
    double imagesPerSecond,
    double validImagesPerSecond) {}
