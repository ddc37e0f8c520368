package dev.residual.inference.internal;

/**
 * Resizes a single-channel float image with a separable triangle (bilinear) filter. Downscaling
 * widens the filter by the scale factor, as Pillow and torchvision's {@code antialias=True} do, so
 * that shrinking averages every source pixel instead of sampling a few and aliasing; upscaling is
 * plain bilinear with pixel centres aligned as in PyTorch's {@code align_corners=False}.
 */
final class Resampler {

  private Resampler() {}

  /** Resizes {@code src} ({@code srcH × srcW}, row-major) to {@code dstH × dstW}. */
  static float[] resize(float[] src, int srcH, int srcW, int dstH, int dstW) {
    if (srcH == dstH && srcW == dstW) {
      return src.clone();
    }
    Weights horizontal = Weights.of(srcW, dstW);
    Weights vertical = Weights.of(srcH, dstH);
    float[] rows = new float[srcH * dstW];
    for (int y = 0; y < srcH; y++) {
      for (int x = 0; x < dstW; x++) {
        rows[y * dstW + x] = horizontal.apply(src, y * srcW, 1, x);
      }
    }
    float[] out = new float[dstH * dstW];
    for (int y = 0; y < dstH; y++) {
      for (int x = 0; x < dstW; x++) {
        out[y * dstW + x] = vertical.apply(rows, x, dstW, y);
      }
    }
    return out;
  }

  /** For each output index, the first source index it reads and the normalised filter weights. */
  private record Weights(int[] first, float[][] weights) {

    static Weights of(int in, int out) {
      double scale = (double) in / out;
      double filterScale = Math.max(1.0, scale);
      double support =
          filterScale; // the triangle's radius is 1 source pixel, widened when shrinking
      int[] first = new int[out];
      float[][] weights = new float[out][];
      for (int i = 0; i < out; i++) {
        double centre = (i + 0.5) * scale;
        int from = Math.max(0, (int) Math.floor(centre - support));
        int to = Math.min(in, (int) Math.ceil(centre + support));
        float[] w = new float[Math.max(1, to - from)];
        double total = 0;
        for (int j = from; j < to; j++) {
          double v = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / filterScale));
          w[j - from] = (float) v;
          total += v;
        }
        if (total > 0) {
          for (int k = 0; k < w.length; k++) {
            w[k] /= (float) total;
          }
        } else {
          w[0] = 1; // a centre exactly between pixels at the border
        }
        first[i] = Math.min(from, in - 1);
        weights[i] = w;
      }
      return new Weights(first, weights);
    }

    /** Output {@code i} from {@code data[offset + k * stride]} over the filter's window. */
    float apply(float[] data, int offset, int stride, int i) {
      float[] w = weights[i];
      int start = first[i];
      float sum = 0;
      for (int k = 0; k < w.length; k++) {
        sum += w[k] * data[offset + (start + k) * stride];
      }
      return sum;
    }
  }
}
