package dev.residual.datasets.images;

import java.util.Locale;

/**
 * Which files count as images: JPEG and PNG by extension, the formats every camera, browser and
 * dataset uses. A file with such a name must then really be one ({@link ImageDecoder} checks).
 */
public final class ImageFiles {

  private ImageFiles() {}

  /** Whether {@code name} ends in {@code .jpg}, {@code .jpeg} or {@code .png}, any case. */
  public static boolean isImageName(String name) {
    return expectedFormat(name) != null;
  }

  /** {@code "jpeg"}, {@code "png"} or {@code null}: ImageIO's format name for the extension. */
  static String expectedFormat(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) {
      return "jpeg";
    }
    return lower.endsWith(".png") ? "png" : null;
  }
}
