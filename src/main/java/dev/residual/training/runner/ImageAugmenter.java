package dev.residual.training.runner;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to one interleaved uint8 image ({@code h × w × c}) while copying
 * it into a batch buffer, so that augmentation costs one pass over bytes the loader copies anyway.
 * Every random choice comes from the caller's generator, so a batch is reproducible from its seed.
 */
final class ImageAugmenter {

  private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
  private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);

  private ImageAugmenter() {}

  /** A crop window inside the source image. */
  record Box(int y, int x, int height, int width) {}

  /**
   * Writes the augmented image at {@code dst}'s position: {@code outH × outW × c} bytes. Only a
   * {@link Augmentation.Crop#RANDOM_RESIZED} crop may change the size; otherwise {@code outH} and
   * {@code outW} must equal {@code h} and {@code w}.
   */
  static void write(
      Augmentation augmentation,
      byte[] src,
      int offset,
      int h,
      int w,
      int c,
      ByteBuffer dst,
      int outH,
      int outW,
      SplittableRandom random) {
    boolean flip = augmentation.flip() && random.nextBoolean();
    switch (augmentation.crop()) {
      case RANDOM_RESIZED ->
          resample(
              src, offset, h, w, c, randomBox(h, w, augmentation.minScale(), random), flip, dst,
              outH, outW);
      case PAD -> {
        int p = augmentation.padding();
        int dy = random.nextInt(2 * p + 1) - p;
        int dx = random.nextInt(2 * p + 1) - p;
        shifted(src, offset, h, w, c, dy, dx, flip, dst);
      }
      case NONE -> shifted(src, offset, h, w, c, 0, 0, flip, dst);
    }
  }

  /**
   * Output pixel (y, x) is source pixel (y + dy, x' + dx), x' mirrored when {@code flip}; pixels
   * that fall outside the source are black (zero padding).
   */
  static void shifted(
      byte[] src, int offset, int h, int w, int c, int dy, int dx, boolean flip, ByteBuffer dst) {
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      for (int x = 0; x < w; x++) {
        int sx = (flip ? w - 1 - x : x) + dx;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
          for (int k = 0; k < c; k++) {
            dst.put((byte) 0);
          }
        } else {
          dst.put(src, offset + (sy * w + sx) * c, c);
        }
      }
    }
  }

  /**
   * torchvision's {@code RandomResizedCrop.get_params}: up to ten tries at an area fraction in
   * [minScale, 1] and a log-uniform aspect ratio in [3/4, 4/3]; the whole image when none fits.
   */
  static Box randomBox(int h, int w, double minScale, SplittableRandom random) {
    double area = (double) h * w;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (minScale + (1 - minScale) * random.nextDouble());
      double ratio = Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
        return new Box(random.nextInt(h - ch + 1), random.nextInt(w - cw + 1), ch, cw);
      }
    }
    return new Box(0, 0, h, w);
  }

  /** Bilinear resize of {@code box} to {@code outH × outW} (half-pixel centres, edges clamped). */
  static void resample(
      byte[] src,
      int offset,
      int h,
      int w,
      int c,
      Box box,
      boolean flip,
      ByteBuffer dst,
      int outH,
      int outW) {
    double scaleY = (double) box.height() / outH;
    double scaleX = (double) box.width() / outW;
    for (int oy = 0; oy < outH; oy++) {
      double fy = clamp((oy + 0.5) * scaleY - 0.5, box.height() - 1);
      int y0 = (int) fy;
      int y1 = Math.min(y0 + 1, box.height() - 1);
      double wy = fy - y0;
      int row0 = offset + (box.y() + y0) * w * c;
      int row1 = offset + (box.y() + y1) * w * c;
      for (int ox = 0; ox < outW; ox++) {
        int mx = flip ? outW - 1 - ox : ox;
        double fx = clamp((mx + 0.5) * scaleX - 0.5, box.width() - 1);
        int x0 = (int) fx;
        int x1 = Math.min(x0 + 1, box.width() - 1);
        double wx = fx - x0;
        int c0 = (box.x() + x0) * c;
        int c1 = (box.x() + x1) * c;
        for (int k = 0; k < c; k++) {
          double top = (src[row0 + c0 + k] & 0xff) * (1 - wx) + (src[row0 + c1 + k] & 0xff) * wx;
          double bottom =
              (src[row1 + c0 + k] & 0xff) * (1 - wx) + (src[row1 + c1 + k] & 0xff) * wx;
          dst.put((byte) Math.round(top * (1 - wy) + bottom * wy));
        }
      }
    }
  }

  private static double clamp(double value, int max) {
    return Math.max(0, Math.min(max, value));
  }
}
