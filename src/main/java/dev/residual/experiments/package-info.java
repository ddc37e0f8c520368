/**
 * Experiments: a controlled comparison as one request. A base training-job request, variants that
 * override its fields and a list of seeds are validated as a whole, then expanded in one
 * transaction into tagged jobs of the durable training queue; results are aggregated per variant
 * (n, mean, standard deviation and values). Presets reproduce the comparisons of fastbook chapter
 * 14. The expansion, the presets and the statistics live in {@code internal}.
 *
 * <p>An experiment's live events stream through the streaming module: {@code ExperimentEventFeed}
 * reads the experiment's own rows and its jobs' events through {@link
 * dev.residual.training.ExperimentJobEvents}, and ends with the experiment's own {@code done}.
 */
package dev.residual.experiments;
