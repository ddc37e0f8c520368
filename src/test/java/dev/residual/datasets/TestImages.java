package dev.residual.datasets;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Images for dataset tests: solid colours, generated shapes, and hostile files. */
public final class TestImages {

  public static final String[] SHAPES = {"circle", "square", "triangle"};

  private TestImages() {}

  /** A {@code width × height} image of one colour, encoded as {@code format}. */
  public static byte[] solid(int width, int height, Color color, String format) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(color);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return encode(image, format);
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

  static BufferedImage shape(int shape, int size, Random random) {
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    Color background = new Color(random.nextInt(0x1000000));
    Color foreground;
    do {
      foreground = new Color(random.nextInt(0x1000000));
    } while (distance(background, foreground) < 200);
    g.setColor(background);
    g.fillRect(0, 0, size, size);
    g.setColor(foreground);
    int side = size / 2 + random.nextInt(size / 4);
    int x = random.nextInt(size - side);
    int y = random.nextInt(size - side);
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

  private static int distance(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed())
        + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue());
  }

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

  /** The first {@code fraction} of a noisy 128-px JPEG: cut inside its headers or its scan. */
  public static byte[] truncatedJpeg(double fraction) {
    BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_3BYTE_BGR);
    Random random = new Random(1);
    for (int y = 0; y < 128; y++) {
      for (int x = 0; x < 128; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    byte[] jpeg = encode(image, "jpeg");
    return Arrays.copyOf(jpeg, (int) (jpeg.length * fraction));
  }

  /** The start of a Linux executable. */
  public static byte[] executable() {
    byte[] elf = new byte[256];
    elf[0] = 0x7f;
    elf[1] = 'E';
    elf[2] = 'L';
    elf[3] = 'F';
    elf[4] = 2;
    return elf;
  }

  /** A valid 57-byte PNG whose header declares {@code 65535 × 65535} pixels. */
  public static byte[] hugePngHeader() {
    ByteBuffer png = ByteBuffer.allocate(8 + 25 + 12);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes()).putInt(65535).putInt(65535);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    png.putInt(13).put(ihdr.array()).putInt(crc(ihdr.array()));
    png.putInt(0).put("IEND".getBytes()).putInt(crc("IEND".getBytes()));
    return png.array();
  }

  private static int crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return (int) crc.getValue();
  }
}
