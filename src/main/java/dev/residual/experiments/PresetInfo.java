package dev.residual.experiments;

import java.util.List;

/**
 * A preset as {@code GET /api/v1/experiments/presets} lists it.
 *
 * @param dataset the dataset it uses unless the request names one
 * @param variants its variants' names
 * @param seeds its seeds unless the request gives some
 * @param epochs its epochs unless the request gives some (a grid's variants set their own)
 */
public record PresetInfo(
    String name,
    String description,
    String dataset,
    List<String> variants,
    List<Long> seeds,
    int epochs,
    List<Metric> headline) {}
