/**
 * Datasets and the one image pipeline.
 *
 * <p>Owns the dataset registry and catalog, per-channel normalisation statistics, and, in private
 * sub-packages: IDX datasets such as Fashion-MNIST and their reader ({@code idx}), uploads of
 * archives and server folders ({@code upload}), downloads from allow-listed hosts with checksums
 * and their progress events, streamed through the streaming module ({@code download}), safe archive
 * extraction ({@code archive}), and the image-folder scanner, decoder and decode cache ({@code
 * images}).
 *
 * <p>{@link dev.residual.datasets.ImagePipeline} and {@link dev.residual.datasets.ImageResampler}
 * are the only way pixels are decoded and resized anywhere in Residual: dataset imports and the
 * decode cache run the pipeline's first stage, training and evaluation batches and predictions its
 * second, so that a model sees at prediction exactly what it saw in training. Other modules load
 * data through {@link dev.residual.datasets.DatasetCatalog}.
 */
package dev.residual.datasets;
