/**
 * Datasets and the one image pipeline.
 *
 * <p>Owns the dataset registry and catalog (built-in IDX datasets such as Fashion-MNIST, uploaded
 * archives, server folders, downloads), safe archive extraction ({@code archive}), the image-folder
 * scanner and its decode cache ({@code images}), and per-channel normalisation statistics.
 *
 * <p>{@link dev.residual.datasets.ImagePipeline} and {@link dev.residual.datasets.ImageResampler}
 * are the only way pixels are decoded and resized anywhere in Residual: dataset imports and the
 * decode cache run the pipeline's first stage, training and evaluation batches and predictions its
 * second, so that a model sees at prediction exactly what it saw in training. Other modules load
 * data through {@link dev.residual.datasets.DatasetCatalog}.
 */
package dev.residual.datasets;
