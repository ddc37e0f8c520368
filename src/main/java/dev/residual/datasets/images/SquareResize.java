package dev.residual.datasets.images;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Crops the centre square of an image and scales it to {@code side × side} RGB bytes (HWC), the
 * cache's format. Large reductions go in halving steps, each a bilinear 2×2 average, because one
 * bilinear step over a large factor only samples the source and aliases badly.
 */
final class SquareResize {

  private SquareResize() {}

  static void into(BufferedImage image, int side, byte[] target, int offset) {
    int width = image.getWidth();
    int height = image.getHeight();
    int square = Math.min(width, height);
    BufferedImage current =
        image.getSubimage((width - square) / 2, (height - square) / 2, square, square);
    while (square / 2 >= side) {
      square /= 2;
      current = scaled(current, square);
    }
    BufferedImage out = scaled(current, side);
    byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < bgr.length; i += 3) {
      target[offset + i] = bgr[i + 2];
      target[offset + i + 1] = bgr[i + 1];
      target[offset + i + 2] = bgr[i];
    }
  }

  private static BufferedImage scaled(BufferedImage source, int side) {
    BufferedImage scaled = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = scaled.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(source, 0, 0, side, side, null);
    } finally {
      g.dispose();
    }
    return scaled;
  }
}
