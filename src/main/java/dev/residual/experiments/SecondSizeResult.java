package dev.residual.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's best checkpoint evaluated on images of another side than it trained on.
 *
 * @param imageSize the side of the images evaluated
 * @param top1 validation top-1 at that size; absent when not applicable
 * @param top5 validation top-5 at that size
 * @param loss validation loss at that size
 * @param notApplicable why the network cannot take that size (a flatten head), instead of numbers
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecondSizeResult(
    int imageSize, Double top1, Double top5, Double loss, String notApplicable) {}
