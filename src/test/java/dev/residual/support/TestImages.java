package dev.residual.support;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * Images for tests, generated so that no binary fixture is needed: solid colours, shapes,
 * natural-looking scenes, and hostile files.
 */
public final class TestImages {

  public static final String[] SHAPES = {"circle", "square", "triangle"};

  private TestImages() {}

  /** Encodes {@code image} with ImageIO ({@code png}, {@code jpeg}, {@code gif}, {@code tiff}). */
  public static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalArgumentException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An RGB image filled with one colour. */
  public static BufferedImage filled(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  /** A {@code width × height} image of one colour, encoded as {@code format}. */
  public static byte[] solid(int width, int height, Color colour, String format) {
    return encode(filled(width, height, colour), format);
  }

  /** A greyscale image of {@code pixels} (row-major, 0–255). */
  public static BufferedImage grey(int width, int height, byte[] pixels) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, pixels);
    return image;
  }

  /**
   * A natural-looking scene: a smooth two-colour gradient sky, soft-edged ellipses and polygons in
   * gradient fills, hard-edged lines and a little sensor noise. Edges, gradients and texture
   * together exercise a resampling filter the way photos do. Greyscale images are {@code
   * TYPE_BYTE_GRAY}, as a greyscale PNG or JPEG decodes.
   */
  public static BufferedImage natural(int width, int height, long seed, boolean greyscale) {
    Random random = new Random(seed);
    BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = rgb.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setPaint(new GradientPaint(0, 0, colour(random), width, height, colour(random)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 6; i++) {
      int x = random.nextInt(width);
      int y = random.nextInt(height);
      int w = 1 + random.nextInt(Math.max(1, width / 2));
      int h = 1 + random.nextInt(Math.max(1, height / 2));
      g.setPaint(new GradientPaint(x, y, colour(random), x + w, y + h, colour(random)));
      if (random.nextBoolean()) {
        g.fillOval(x - w / 2, y - h / 2, w, h);
      } else {
        g.fillPolygon(new int[] {x, x + w, x + random.nextInt(w)}, new int[] {y + h, y + h, y}, 3);
      }
    }
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    for (int i = 0; i < 4; i++) {
      g.setColor(colour(random));
      g.setStroke(new BasicStroke(1 + random.nextInt(3)));
      g.drawLine(
          random.nextInt(width),
          random.nextInt(height),
          random.nextInt(width),
          random.nextInt(height));
    }
    g.dispose();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = rgb.getRGB(x, y);
        int noise = random.nextInt(9) - 4;
        int r = clamp(((p >> 16) & 0xff) + noise);
        int gr = clamp(((p >> 8) & 0xff) + noise);
        int b = clamp((p & 0xff) + noise);
        rgb.setRGB(x, y, (r << 16) | (gr << 8) | b);
      }
    }
    return greyscale ? greyscale(rgb) : rgb;
  }

  /** {@code image} as an 8-bit greyscale image of its luma. */
  public static BufferedImage greyscale(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] luma = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int p = image.getRGB(x, y);
        luma[y * width + x] =
            (byte) ((((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000);
      }
    }
    return grey(width, height, luma);
  }

  /**
   * {@code perClass} images of each shape ({@code circle/…}, {@code square/…}, {@code triangle/…})
   * as PNG, in random colours, sizes and positions on a random background.
   */
  public static Map<String, byte[]> shapes(int perClass, int size, long seed) {
    Random random = new Random(seed);
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < perClass; i++) {
      for (int shape = 0; shape < SHAPES.length; shape++) {
        files.put(SHAPES[shape] + "/" + i + ".png", encode(shape(shape, size, random), "png"));
      }
    }
    return files;
  }

  /** Shape {@code shape} (an index into {@link #SHAPES}) on a {@code size}-pixel square. */
  public static BufferedImage shape(int shape, int size, Random random) {
    return shape(shape, size, size, random);
  }

  /** Shape {@code shape} centred in the middle square of a {@code width × height} image. */
  public static BufferedImage shape(int shape, int width, int height, Random random) {
    int size = Math.min(width, height);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Color background = new Color(random.nextInt(0x1000000));
    Color foreground;
    do {
      foreground = new Color(random.nextInt(0x1000000));
    } while (distance(background, foreground) < 200);
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.setColor(foreground);
    int side = size / 2 + random.nextInt(size / 4);
    int x = (width - size) / 2 + random.nextInt(size - side);
    int y = (height - size) / 2 + random.nextInt(size - side);
    switch (shape) {
      case 0 -> g.fillOval(x, y, side, side);
      case 1 -> g.fillRect(x, y, side, side);
      default ->
          g.fillPolygon(
              new int[] {x, x + side, x + side / 2}, new int[] {y + side, y + side, y}, 3);
    }
    g.dispose();
    return image;
  }

  /** The first {@code fraction} of a noisy 128-px JPEG: cut inside its headers or its scan. */
  public static byte[] truncatedJpeg(double fraction) {
    BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(1);
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return truncated(encode(image, "jpeg"), fraction);
  }

  /** The first {@code fraction} of {@code bytes}: an upload cut off in transit. */
  public static byte[] truncated(byte[] bytes, double fraction) {
    return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
  }

  /**
   * A 60-byte PNG whose IHDR declares {@code width × height}: a decompression bomb's header with
   * nothing behind it.
   */
  public static byte[] pngHeaderOnly(long width, long height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII));
    ihdr.putInt((int) width).putInt((int) height).put((byte) 8).put((byte) 0);
    ihdr.put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    ByteBuffer png = ByteBuffer.allocate(60);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    png.putInt(13).put(ihdr.array()).putInt((int) crc.getValue());
    return png.array(); // the rest stays zero
  }

  /** A GIF, as a camera roll might name {@code photo.jpg}. */
  public static byte[] gif() {
    return encode(filled(4, 4, Color.RED), "gif");
  }

  /** A TIFF image. */
  public static byte[] tiff() {
    return encode(filled(4, 4, Color.RED), "tiff");
  }

  /** The start of a Linux executable. */
  public static byte[] executable() {
    byte[] elf = new byte[128];
    System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, elf, 0, 7);
    return elf;
  }

  /** The start of a Windows executable. */
  public static byte[] windowsExecutable() {
    byte[] exe = new byte[128];
    exe[0] = 'M';
    exe[1] = 'Z';
    return exe;
  }

  private static Color colour(Random random) {
    return new Color(random.nextInt(0x1000000));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static int distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed())
        + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }
}
