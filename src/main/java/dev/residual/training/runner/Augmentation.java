package dev.residual.training.runner;

import java.util.Objects;

/**
 * Random changes to training images, drawn afresh for every image of every batch.
 *
 * <p>{@code flip} mirrors half of the images left to right. {@code crop} {@link Crop#PAD} pads each
 * side with {@code padding} black pixels and cuts a random window of the original size (the CIFAR
 * recipe, for small images); {@link Crop#RANDOM_RESIZED} cuts a random window holding {@code
 * minScale} to all of the image's area with an aspect ratio between 3:4 and 4:3 and resizes it to
 * the training size (torchvision's and fastai's {@code RandomResizedCrop}, for large images).
 * Validation images are never augmented.
 *
 * @param flip mirror half of the images horizontally
 * @param crop which random crop, if any
 * @param padding pixels added on each side before a {@link Crop#PAD} crop
 * @param minScale smallest fraction of the area a {@link Crop#RANDOM_RESIZED} crop keeps
 */
public record Augmentation(boolean flip, Crop crop, int padding, double minScale) {

  /** No augmentation at all. */
  public static final Augmentation NONE = new Augmentation(false, Crop.NONE, 0, 1);

  /** The random crops. */
  public enum Crop {
    NONE,
    PAD,
    RANDOM_RESIZED
  }

  public Augmentation {
    Objects.requireNonNull(crop, "crop");
    if (padding < 0 || padding > 256) {
      throw new IllegalArgumentException("padding must be in 0..256");
    }
    if (!(minScale > 0 && minScale <= 1)) {
      throw new IllegalArgumentException("minScale must be in (0, 1]");
    }
  }

  /** Whether any image is ever changed. */
  public boolean isActive() {
    return flip || crop == Crop.RANDOM_RESIZED || crop == Crop.PAD && padding > 0;
  }
}
