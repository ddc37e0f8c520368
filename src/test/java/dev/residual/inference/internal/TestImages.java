package dev.residual.inference.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Valid and hostile image files, generated so that no binary test fixture is needed. */
public final class TestImages {

  private TestImages() {}

  /** Encodes {@code image} with ImageIO ({@code png} or {@code jpeg}). */
  public static byte[] encode(BufferedImage image, String format) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A greyscale image of {@code pixels} (row-major, 0–255). */
  public static BufferedImage grey(int width, int height, byte[] pixels) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    image.getRaster().setDataElements(0, 0, width, height, pixels);
    return image;
  }

  /** An RGB image filled with one colour. */
  public static BufferedImage filled(int width, int height, Color colour) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
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

  /** The first {@code fraction} of {@code bytes}: an upload cut off in transit. */
  public static byte[] truncated(byte[] bytes, double fraction) {
    return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
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
  public static byte[] elf() {
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
}
