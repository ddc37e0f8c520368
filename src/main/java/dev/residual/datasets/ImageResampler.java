package dev.residual.datasets;

/**
 * The one resampling filter of Residual's image pipeline, used wherever an image changes size:
 * decoding into the dataset cache, resizing the cached images to a training or evaluation size,
 * random-resized crops, and preparing images for prediction.
 *
 * <p>A separable triangle (bilinear) filter on interleaved uint8 pixels ({@code h × w × c}). When
 * shrinking, the triangle is widened by the scale factor, as Pillow's {@code BILINEAR} and
 * torchvision's {@code antialias=True} do, so that every source pixel contributes instead of a few
 * being sampled and aliasing; when enlarging it is plain bilinear with pixel centres aligned as in
 * PyTorch's {@code align_corners=False}. Taps outside the source box are left out and the weights
 * renormalised. The horizontal pass runs first into floats, then the vertical pass, and the result
 * is rounded half up and clamped to [0, 255]. Java's float arithmetic is exact IEEE, so the same
 * input gives the same bytes on every machine and every path.
 */
public final class ImageResampler {

  private ImageResampler() {}

  /**
   * A window of a source image, in pixels.
   *
   * @param y top row
   * @param x left column
   * @param height rows
   * @param width columns
   */
  public record Box(int y, int x, int height, int width) {

    public Box {
      if (y < 0 || x < 0 || height < 1 || width < 1) {
        throw new IllegalArgumentException("bad box " + y + "," + x + " " + height + "×" + width);
      }
    }

    /** The whole of an {@code height × width} image. */
    public static Box whole(int height, int width) {
      return new Box(0, 0, height, width);
    }
  }

  /** Resizes a whole {@code side × side × channels} image to {@code size × size}. */
  public static byte[] resize(byte[] hwc, int channels, int side, int size) {
    byte[] out = new byte[size * size * channels];
    resize(hwc, 0, side, side, channels, Box.whole(side, side), false, out, 0, size, size);
    return out;
  }

  /**
   * Resizes {@code box} of the {@code h × w × c} image at {@code src[offset]} to {@code outH × outW
   * × c} bytes at {@code out[outOffset]}, mirrored left to right when {@code flip}.
   */
  public static void resize(
      byte[] src,
      int offset,
      int h,
      int w,
      int c,
      Box box,
      boolean flip,
      byte[] out,
      int outOffset,
      int outH,
      int outW) {
    if (box.y() + box.height() > h || box.x() + box.width() > w) {
      throw new IllegalArgumentException("the box leaves the " + h + "×" + w + " image");
    }
    if (!flip && box.height() == outH && box.width() == outW) {
      // At scale 1 the triangle filter's weights are 0, 1, 0: the box's pixels, exactly.
      int rowLength = outW * c;
      for (int y = 0; y < outH; y++) {
        int rowStart = offset + ((box.y() + y) * w + box.x()) * c;
        System.arraycopy(src, rowStart, out, outOffset + y * rowLength, rowLength);
      }
      return;
    }
    Weights horizontal = Weights.of(box.width(), outW);
    Weights vertical = Weights.of(box.height(), outH);
    float[] rows = new float[box.height() * outW * c];
    for (int y = 0; y < box.height(); y++) {
      int rowStart = offset + ((box.y() + y) * w + box.x()) * c;
      for (int x = 0; x < outW; x++) {
        int sx = flip ? outW - 1 - x : x;
        int first = horizontal.first[sx];
        float[] weights = horizontal.weights[sx];
        int target = (y * outW + x) * c;
        for (int k = 0; k < c; k++) {
          float sum = 0;
          for (int t = 0; t < weights.length; t++) {
            sum += weights[t] * (src[rowStart + (first + t) * c + k] & 0xff);
          }
          rows[target + k] = sum;
        }
      }
    }
    int rowLength = outW * c;
    for (int y = 0; y < outH; y++) {
      int first = vertical.first[y];
      float[] weights = vertical.weights[y];
      int target = outOffset + y * rowLength;
      for (int i = 0; i < rowLength; i++) {
        float sum = 0;
        for (int t = 0; t < weights.length; t++) {
          sum += weights[t] * rows[(first + t) * rowLength + i];
        }
        out[target + i] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
      }
    }
  }

  /** For each output index, the first source index it reads and the normalised filter weights. */
  private record Weights(int[] first, float[][] weights) {

    static Weights of(int in, int out) {
      double scale = (double) in / out;
      // The triangle's radius is one source pixel, widened by the factor when shrinking.
      double support = Math.max(1.0, scale);
      int[] first = new int[out];
      float[][] weights = new float[out][];
      for (int i = 0; i < out; i++) {
        double centre = (i + 0.5) * scale;
        int from = Math.max(0, (int) Math.floor(centre - support));
        int to = Math.min(in, (int) Math.ceil(centre + support));
        float[] w = new float[Math.max(1, to - from)];
        double total = 0;
        for (int j = from; j < to; j++) {
          double v = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
          w[j - from] = (float) v;
          total += v;
        }
        if (total > 0) {
          for (int k = 0; k < w.length; k++) {
            w[k] = (float) (w[k] / total);
          }
        } else {
          w[0] = 1; // a centre exactly between pixels at the border
        }
        first[i] = Math.min(from, in - 1);
        weights[i] = w;
      }
      return new Weights(first, weights);
    }
  }
}
