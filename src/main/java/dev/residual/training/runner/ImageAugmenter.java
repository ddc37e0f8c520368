package dev.residual.training.runner;

import dev.residual.datasets.ImageResampler;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one interleaved uint8 image ({@code h × w × c}) and brings it
 * to the batch's size with the pipeline's one filter ({@link ImageResampler}). Every random choice
 * comes from the caller's generator, so a batch is reproducible from its seed.
 */
final class ImageAugmenter {

  private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
  private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);

  private ImageAugmenter() {}

  /**
   * Writes the augmented image to {@code out}: {@code outH × outW × c} bytes. A {@link
   * Augmentation.Crop#RANDOM_RESIZED} crop resamples its window straight to the output size; the
   * other crops shift at the stored size ({@code scratch} holds {@code h × w × c} bytes) and are
   * then resized when the output size differs.
   */
  static void write(
      Augmentation augmentation,
      byte[] src,
      int offset,
      int h,
      int w,
      int c,
      byte[] out,
      int outH,
      int outW,
      SplittableRandom random,
      byte[] scratch) {
    boolean flip = augmentation.flip() && random.nextBoolean();
    int dy = 0;
    int dx = 0;
    switch (augmentation.crop()) {
      case RANDOM_RESIZED -> {
        ImageResampler.Box box = randomBox(h, w, augmentation.minScale(), random);
        ImageResampler.resize(src, offset, h, w, c, box, flip, out, 0, outH, outW);
        return;
      }
      case PAD -> {
        int p = augmentation.padding();
        dy = random.nextInt(2 * p + 1) - p;
        dx = random.nextInt(2 * p + 1) - p;
      }
      case NONE -> {}
    }
    if (outH == h && outW == w) {
      shifted(src, offset, h, w, c, dy, dx, flip, out);
    } else {
      shifted(src, offset, h, w, c, dy, dx, flip, scratch);
      ImageResampler.resize(
          scratch, 0, h, w, c, ImageResampler.Box.whole(h, w), false, out, 0, outH, outW);
    }
  }

  /**
   * Output pixel (y, x) is source pixel (y + dy, x' + dx), x' mirrored when {@code flip}; pixels
   * that fall outside the source are black (zero padding).
   */
  static void shifted(
      byte[] src, int offset, int h, int w, int c, int dy, int dx, boolean flip, byte[] out) {
    int i = 0;
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      for (int x = 0; x < w; x++) {
        int sx = (flip ? w - 1 - x : x) + dx;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
          for (int k = 0; k < c; k++) {
            out[i++] = 0;
          }
        } else {
          System.arraycopy(src, offset + (sy * w + sx) * c, out, i, c);
          i += c;
        }
      }
    }
  }

  /**
   * torchvision's {@code RandomResizedCrop.get_params}: up to ten tries at an area fraction in
   * [minScale, 1] and a log-uniform aspect ratio in [3/4, 4/3]; the whole image when none fits.
   */
  static ImageResampler.Box randomBox(int h, int w, double minScale, SplittableRandom random) {
    double area = (double) h * w;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + (1 - minScale) * random.nextDouble());
      double ratio =
          Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
        return new ImageResampler.Box(
            random.nextInt(h - ch + 1), random.nextInt(w - cw + 1), ch, cw);
      }
    }
    return ImageResampler.Box.whole(h, w);
  }
}
