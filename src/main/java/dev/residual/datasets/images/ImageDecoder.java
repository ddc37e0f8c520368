package dev.residual.datasets.images;

import dev.residual.datasets.ImageResampler;
import dev.residual.datasets.UnusableImageException;
import dev.residual.datasets.UnusableImageException.Reason;
import dev.residual.datasets.images.ImageHeader.ImageFormat;
import dev.residual.system.ServerErrors;
import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The first stage of the image pipeline, shared by dataset imports, the decode cache and
 * prediction: decodes one PNG or JPEG into a square {@code side × side × channels} uint8 image,
 * distrusting it throughout.
 *
 * <ol>
 *   <li>The format comes from the content's magic number; a dataset file must also match its
 *       extension (a GIF, TIFF or program named {@code .jpg} is refused).
 *   <li>The size comes from the header ({@link ImageHeader}) and is checked against the pixel and
 *       side limits before any pixel is allocated.
 *   <li>Only the centre square of the shorter side is decoded, subsampled while decoding to no less
 *       than twice {@code side}, which is far cheaper than scaling a large photo down afterwards. A
 *       decoder warning (ImageIO's only sign of a truncated JPEG, which it would otherwise fill
 *       with grey) is an error.
 *   <li>Channels are converted: greyscale samples are read as stored (16-bit scaled to 8), colour
 *       becomes luma with ITU-R 601 weights for one channel (as Pillow's {@code convert("L")}),
 *       grey is repeated for three, alpha is dropped.
 *   <li>The square is resized to {@code side} with {@link ImageResampler}.
 * </ol>
 *
 * <p>Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {

  /** Original size of a decoded image. */
  public record Size(int width, int height) {}

  /**
   * JPEG's own limit, and the longest side allowed: ImageIO's row buffers grow with the width, so a
   * 1-pixel high image within the pixel limit could still ask for a row of gigabytes.
   */
  static final long MAX_SIDE = 65_535;

  /**
   * How much of a file is read to find its size: a JPEG's frame header follows its metadata
   * segments (EXIF, ICC profile, XMP), which stay far below this.
   */
  static final int HEADER_BYTES = 1 << 20;

  /**
   * Pixels of a progressive JPEG: its decoder keeps every DCT coefficient of the whole image (two
   * bytes per component and pixel) whatever the subsampling, about 100 MB at this size.
   */
  static final long MAX_PROGRESSIVE_PIXELS = 4096L * 4096L;

  private final long maxPixels;
  private final long maxProgressivePixels;
  private final AtomicLong decoded = new AtomicLong();

  public ImageDecoder(long maxPixels) {
    this(maxPixels, MAX_PROGRESSIVE_PIXELS);
  }

  ImageDecoder(long maxPixels, long maxProgressivePixels) {
    this.maxPixels = maxPixels;
    this.maxProgressivePixels = maxProgressivePixels;
    // Inputs are files or byte arrays: ImageIO's disk cache would only add temporary files.
    ImageIO.setUseCache(false);
  }

  /** Images decoded so far by this decoder: how tests see that a cache was used. */
  public long decodedCount() {
    return decoded.get();
  }

  /** The original size of a dataset file, from its header alone, checked against the limits. */
  public Size size(Path file, String shown) {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageHeader header = header(in, shown, expectedFormat(file, shown));
      checkLimits(header, shown);
      return new Size((int) header.width(), (int) header.height());
    } catch (IOException e) {
      throw ImageHeader.unreadable(shown, ServerErrors.redactPaths(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Decodes a dataset file, whose format must match its extension, into {@code target} at {@code
   * offset} as {@code side × side × channels} bytes.
   */
  public Size decodeInto(
      Path file, String shown, int channels, int side, byte[] target, int offset) {
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      ImageHeader header = header(in, shown, expectedFormat(file, shown));
      return decodeInto(in, header, shown, channels, side, target, offset);
    } catch (IOException e) {
      throw ImageHeader.unreadable(shown, ServerErrors.redactPaths(String.valueOf(e.getMessage())));
    }
  }

  /** Decodes an uploaded PNG or JPEG into {@code side × side × channels} bytes. */
  public byte[] decode(byte[] bytes, String shown, int channels, int side) {
    ImageHeader header = ImageHeader.read(bytes, shown);
    byte[] out = new byte[side * side * channels];
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      decodeInto(in, header, shown, channels, side, out, 0);
    } catch (IOException e) {
      throw ImageHeader.unreadable(shown, ServerErrors.redactPaths(String.valueOf(e.getMessage())));
    }
    return out;
  }

  private Size decodeInto(
      ImageInputStream in,
      ImageHeader header,
      String shown,
      int channels,
      int side,
      byte[] target,
      int offset) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
    }
    checkLimits(header, shown);
    BufferedImage square = decodeCentre(in, header, shown, side);
    int decodedSide = square.getWidth();
    byte[] pixels = pixels(square, channels);
    ImageResampler.resize(
        pixels,
        0,
        decodedSide,
        decodedSide,
        channels,
        ImageResampler.Box.whole(decodedSide, decodedSide),
        false,
        target,
        offset,
        side,
        side);
    decoded.incrementAndGet();
    return new Size((int) header.width(), (int) header.height());
  }

  private void checkLimits(ImageHeader header, String shown) {
    if (header.width() > MAX_SIDE || header.height() > MAX_SIDE) {
      throw new UnusableImageException(
          Reason.TOO_LARGE,
          shown
              + " declares "
              + header.width()
              + "×"
              + header.height()
              + " pixels, a side longer than "
              + MAX_SIDE);
    }
    if (header.pixels() > maxPixels) {
      throw new UnusableImageException(
          Reason.TOO_LARGE,
          shown
              + " declares "
              + header.width()
              + "×"
              + header.height()
              + " pixels, more than the limit of "
              + maxPixels);
    }
    if (header.progressive() && header.pixels() > maxProgressivePixels) {
      throw new UnusableImageException(
          Reason.TOO_LARGE,
          shown
              + " is a progressive JPEG of "
              + header.width()
              + "×"
              + header.height()
              + " pixels, more than the limit of "
              + maxProgressivePixels
              + " for progressive JPEGs");
    }
  }

  /** The centre square, subsampled to at least twice {@code side}. */
  private static BufferedImage decodeCentre(
      ImageInputStream in, ImageHeader header, String shown, int side) {
    ImageReader reader = reader(header.format());
    List<String> warnings = new ArrayList<>();
    try {
      in.seek(0);
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      BufferedImage image = reader.read(0, cropParam(reader, header, side));
      if (!warnings.isEmpty()) {
        throw ImageHeader.unreadable(shown, warnings.get(0));
      }
      if (image.getWidth() != image.getHeight()) {
        throw ImageHeader.unreadable(shown, "its pixels do not match its header");
      }
      return image;
    } catch (IIOException e) {
      if (String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
        throw new UnusableImageException(
            Reason.UNSUPPORTED_FORMAT,
            shown + " is a CMYK or YCCK JPEG; send an RGB or greyscale image");
      }
      throw ImageHeader.unreadable(shown, rootMessage(e));
    } catch (UnusableImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders throw all sorts on hostile input (EOF, index and array errors).
      throw ImageHeader.unreadable(shown, rootMessage(e));
    } finally {
      reader.dispose();
    }
  }

  static ImageReadParam cropParam(ImageReader reader, ImageHeader header, int side) {
    int w = (int) header.width();
    int h = (int) header.height();
    int square = Math.min(w, h);
    int step = Math.max(1, square / (2 * side));
    ImageReadParam param = reader.getDefaultReadParam();
    param.setSourceRegion(new Rectangle((w - square) / 2, (h - square) / 2, square, square));
    param.setSourceSubsampling(step, step, 0, 0);
    return param;
  }

  /** The header from the start of {@code in}; with {@code expected}, the format must match it. */
  private static ImageHeader header(ImageInputStream in, String shown, ImageFormat expected)
      throws IOException {
    long length = in.length();
    byte[] head = new byte[(int) Math.min(HEADER_BYTES, length < 0 ? HEADER_BYTES : length)];
    int n = 0;
    while (n < head.length) {
      int read = in.read(head, n, head.length - n);
      if (read < 0) {
        break;
      }
      n += read;
    }
    byte[] start = n == head.length ? head : Arrays.copyOf(head, n);
    ImageFormat actual = ImageHeader.format(start);
    if (actual != expected) {
      String upper = expected.name();
      if (actual != null) {
        throw new UnusableImageException(
            Reason.UNSUPPORTED_FORMAT, shown + " is a " + actual + " image, not a " + upper);
      }
      String what = ImageHeader.describe(start);
      String magic =
          start.length == 0
              ? "it is empty"
              : "it starts with "
                  + HexFormat.ofDelimiter(" ").formatHex(start, 0, Math.min(4, start.length));
      throw new UnusableImageException(
          Reason.UNSUPPORTED_FORMAT,
          what.endsWith(" image")
              ? shown + " is " + what + ", not a " + upper
              : shown + " is not a " + upper + " image (" + magic + ")");
    }
    return ImageHeader.read(start, shown);
  }

  private static ImageFormat expectedFormat(Path file, String shown) {
    String format = ImageFiles.expectedFormat(file.getFileName().toString());
    if (format == null) {
      throw new UnusableImageException(
          Reason.UNSUPPORTED_FORMAT, shown + " is not named .jpg, .jpeg or .png");
    }
    return format.equals("png") ? ImageFormat.PNG : ImageFormat.JPEG;
  }

  private static ImageReader reader(ImageFormat format) {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
    if (!readers.hasNext()) {
      throw new IllegalStateException("the JDK has no " + format + " decoder");
    }
    return readers.next();
  }

  /**
   * The image as interleaved {@code channels} uint8 samples: stored grey values as they are (not
   * through {@code getRGB}, which would apply a linear-to-sRGB conversion), colour as sRGB.
   */
  static byte[] pixels(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    int n = w * h;
    byte[] out = new byte[n * channels];
    if (isGrey(image)) {
      Raster raster = image.getRaster();
      int bits = raster.getSampleModel().getSampleSize(0);
      long max = (1L << bits) - 1;
      int[] grey = raster.getSamples(0, 0, w, h, 0, (int[]) null);
      for (int i = 0; i < n; i++) {
        byte v = (byte) (bits == 8 ? grey[i] : (grey[i] * 255L + max / 2) / max);
        for (int k = 0; k < channels; k++) {
          out[i * channels + k] = v;
        }
      }
      return out;
    }
    if (channels == 3
        && image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
        && buffer.getData().length == n * 3) {
      // What the JPEG and PNG decoders produce for RGB: the bytes getRGB would return, faster.
      byte[] bgr = buffer.getData();
      for (int i = 0; i < n * 3; i += 3) {
        out[i] = bgr[i + 2];
        out[i + 1] = bgr[i + 1];
        out[i + 2] = bgr[i];
      }
      return out;
    }
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < n; i++) {
      int r = (argb[i] >> 16) & 0xff;
      int g = (argb[i] >> 8) & 0xff;
      int b = argb[i] & 0xff;
      if (channels == 1) {
        out[i] = (byte) ((r * 299 + g * 587 + b * 114 + 500) / 1000);
      } else {
        out[i * 3] = (byte) r;
        out[i * 3 + 1] = (byte) g;
        out[i * 3 + 2] = (byte) b;
      }
    }
    return out;
  }

  private static boolean isGrey(BufferedImage image) {
    return image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
        && image.getColorModel().getNumColorComponents() == 1;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null
        ? "cannot be decoded: " + root.getClass().getSimpleName()
        : ServerErrors.redactPaths(message);
  }
}
