package dev.residual.inference.internal;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * Turns a decoded image into the network's input, as the model was trained: channels converted to
 * the trained number (colour to greyscale with ITU-R 601 luma weights, as Pillow's {@code
 * convert("L")}; greyscale repeated for colour models; alpha dropped), resized to the trained size,
 * scaled to [0, 1] and normalised per channel. The result is {@code (c, h, w)} row-major.
 */
public final class Preprocessor {

  private Preprocessor() {}

  /**
   * The input for {@code image}, which {@link ImageDecoder#decodeCentre} has already cropped to the
   * model's aspect ratio, so that a plain resize to the trained size finishes the centre crop.
   */
  public static float[] toInput(BufferedImage image, ModelInput input) {
    float[][] planes = planes(image, input.channels());
    int h = input.height();
    int w = input.width();
    float[] out = new float[input.size()];
    float[] mean = input.mean();
    float[] std = input.std();
    for (int c = 0; c < planes.length; c++) {
      float[] plane = Resampler.resize(planes[c], image.getHeight(), image.getWidth(), h, w);
      for (int i = 0; i < plane.length; i++) {
        out[c * h * w + i] = (plane[i] - mean[c]) / std[c];
      }
    }
    return out;
  }

  /** The same input mirrored left to right, for test-time augmentation. */
  public static float[] mirror(float[] chw, ModelInput input) {
    int h = input.height();
    int w = input.width();
    float[] out = new float[chw.length];
    for (int row = 0; row < input.channels() * h; row++) {
      int base = row * w;
      for (int x = 0; x < w; x++) {
        out[base + x] = chw[base + w - 1 - x];
      }
    }
    return out;
  }

  /** The image's pixels in [0, 1] as {@code channels} planes. */
  static float[][] planes(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    float[][] planes = new float[channels][w * h];
    if (isGrey(image)) {
      // Read the stored grey values: getRGB would push them through a linear-to-sRGB conversion.
      Raster raster = image.getRaster();
      double max = (1L << raster.getSampleModel().getSampleSize(0)) - 1;
      float[] grey = raster.getSamples(0, 0, w, h, 0, (float[]) null);
      for (int i = 0; i < grey.length; i++) {
        grey[i] /= (float) max;
      }
      for (float[] plane : planes) {
        System.arraycopy(grey, 0, plane, 0, grey.length);
      }
      return planes;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      int r = (argb[i] >> 16) & 0xff;
      int g = (argb[i] >> 8) & 0xff;
      int b = argb[i] & 0xff;
      if (channels == 1) {
        planes[0][i] = (r * 299 + g * 587 + b * 114) / (1000f * 255f);
      } else {
        planes[0][i] = r / 255f;
        planes[1][i] = g / 255f;
        planes[2][i] = b / 255f;
      }
    }
    return planes;
  }

  private static boolean isGrey(BufferedImage image) {
    return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && image.getColorModel().getNumColorComponents() == 1;
  }
}
