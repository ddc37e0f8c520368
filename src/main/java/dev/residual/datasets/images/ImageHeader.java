package dev.residual.datasets.images;

import dev.residual.datasets.UnusableImageException;
import dev.residual.datasets.UnusableImageException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An image's format and size, read from its first bytes without decoding anything: the format from
 * its magic number (whatever a file name or {@code Content-Type} claims), the size from PNG's IHDR
 * chunk or JPEG's start-of-frame segment, which also tells a progressive JPEG.
 */
public record ImageHeader(ImageFormat format, long width, long height, boolean progressive) {

  /** A header of a non-progressive image. */
  public ImageHeader(ImageFormat format, long width, long height) {
    this(format, width, height, false);
  }

  /** The image formats served. */
  public enum ImageFormat {
    PNG,
    JPEG;

    /** The format ImageIO knows it by. */
    String imageIoName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  public long pixels() {
    return width * height;
  }

  /**
   * Reads the header.
   *
   * @param bytes the image, or at least its start
   * @param name how messages call the image
   * @throws UnusableImageException {@code UNSUPPORTED_FORMAT} for any format but PNG and JPEG,
   *     {@code UNREADABLE} if the header is cut short or malformed
   */
  public static ImageHeader read(byte[] bytes, String name) {
    if (bytes.length == 0) {
      throw unreadable(name, "it is empty");
    }
    ImageFormat format = format(bytes);
    if (format == ImageFormat.PNG) {
      return png(bytes, name);
    }
    if (format == ImageFormat.JPEG) {
      return jpeg(bytes, name);
    }
    throw new UnusableImageException(
        Reason.UNSUPPORTED_FORMAT, name + " is " + describe(bytes) + "; send a PNG or JPEG image");
  }

  private static ImageHeader png(byte[] b, String name) {
    // Signature (8), then the IHDR chunk: length (4) = 13, type (4), width (4), height (4), ...
    if (b.length < 24) {
      throw unreadable(name, "the PNG header is cut short");
    }
    if (u32(b, 8) != 13 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
      throw unreadable(name, "a PNG must start with its IHDR chunk");
    }
    long width = u32(b, 16);
    long height = u32(b, 20);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw unreadable(name, "the PNG declares " + width + "×" + height + " pixels");
    }
    return new ImageHeader(ImageFormat.PNG, width, height);
  }

  private static ImageHeader jpeg(byte[] b, String name) {
    int i = 2;
    while (i < b.length) {
      if (u8(b, i) != 0xff) {
        throw unreadable(name, "the JPEG has no marker at byte " + i);
      }
      while (i < b.length && u8(b, i) == 0xff) {
        i++; // fill bytes
      }
      if (i >= b.length) {
        break;
      }
      int marker = u8(b, i++);
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
        continue; // markers without a length
      }
      if (marker == 0xd9 || marker == 0xda) {
        throw unreadable(name, "the JPEG has no frame header before its image data");
      }
      if (i + 2 > b.length) {
        break;
      }
      int length = u16(b, i);
      if (length < 2) {
        throw unreadable(name, "the JPEG has a segment of length " + length);
      }
      boolean startOfFrame =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (startOfFrame) {
        if (i + 7 > b.length) {
          break;
        }
        int height = u16(b, i + 3);
        int width = u16(b, i + 5);
        if (width == 0 || height == 0) {
          throw unreadable(name, "the JPEG declares " + width + "×" + height + " pixels");
        }
        // SOF2, SOF6, SOF10 and SOF14 are the progressive processes.
        boolean progressive = (marker & 0x03) == 0x02;
        return new ImageHeader(ImageFormat.JPEG, width, height, progressive);
      }
      i += length;
    }
    throw unreadable(name, "the JPEG is cut short before its frame header");
  }

  /** Names what a refused file most likely is, from its first bytes. */
  static String describe(byte[] b) {
    if (startsWith(b, "GIF8".getBytes(StandardCharsets.US_ASCII))) {
      return "a GIF image";
    }
    if (startsWith(b, new byte[] {'I', 'I', 42, 0})
        || startsWith(b, new byte[] {'M', 'M', 0, 42})) {
      return "a TIFF image";
    }
    if (startsWith(b, "BM".getBytes(StandardCharsets.US_ASCII))) {
      return "a BMP image";
    }
    if (b.length >= 12
        && startsWith(b, "RIFF".getBytes(StandardCharsets.US_ASCII))
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "a WebP image";
    }
    if (startsWith(b, new byte[] {0x7f, 'E', 'L', 'F'})
        || startsWith(b, "MZ".getBytes(StandardCharsets.US_ASCII))) {
      return "an executable";
    }
    return "not an image format Residual knows";
  }

  /** PNG or JPEG by the magic number at the start of {@code b}, else null. */
  static ImageFormat format(byte[] b) {
    if (startsWith(b, PNG_SIGNATURE)) {
      return ImageFormat.PNG;
    }
    boolean jpeg = b.length >= 3 && u8(b, 0) == 0xff && u8(b, 1) == 0xd8 && u8(b, 2) == 0xff;
    return jpeg ? ImageFormat.JPEG : null;
  }

  static UnusableImageException unreadable(String name, String why) {
    return new UnusableImageException(
        Reason.UNREADABLE, name + " is truncated or corrupt (" + why + ")");
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xff;
  }

  private static int u16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }
}
