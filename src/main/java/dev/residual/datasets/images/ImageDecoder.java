package dev.residual.datasets.images;

import dev.residual.datasets.archive.Rejections;
import dev.residual.system.ApiException;
import dev.residual.system.ServerErrors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.metadata.IIOMetadata;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes one JPEG or PNG into the cache's square RGB format, distrusting it throughout: the format
 * is recognised from the content and must match the extension (a GIF, TIFF or program named {@code
 * .jpg} is refused), the pixel count is read from the header and bounded before any pixel is
 * allocated, and a decoder warning (ImageIO's only sign of a truncated JPEG, which it would
 * otherwise fill with grey) is an error. Thread-safe: each call uses its own reader.
 */
public final class ImageDecoder {

  /** Original size of a decoded image. */
  record Size(int width, int height) {}

  /**
   * The longest side, as serving allows: ImageIO's row buffers grow with the width, so a 1-pixel
   * high image within the pixel limit could still ask for a row of gigabytes.
   */
  static final int MAX_SIDE = 65_535;

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
    // Streams here are files: ImageIO's disk cache would only add temporary files.
    ImageIO.setUseCache(false);
  }

  /** Images decoded so far by this decoder: how tests see that a cache was used. */
  public long decodedCount() {
    return decoded.get();
  }

  /** The original size from the header alone. */
  Size size(Path file, String shown) {
    return withReader(file, shown, reader -> header(reader, shown));
  }

  /** Decodes {@code file} into {@code target} at {@code offset} as {@code side²×3} bytes. */
  Size decodeInto(Path file, String shown, int side, byte[] target, int offset) {
    return withReader(
        file,
        shown,
        reader -> {
          Size size = header(reader, shown);
          List<String> warnings = new ArrayList<>();
          reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
          ImageReadParam param = reader.getDefaultReadParam();
          // Skipping source pixels while decoding is far cheaper than scaling them down later;
          // at least twice the target side is kept, for the halving steps' averaging.
          int step = Math.max(1, Math.min(size.width(), size.height()) / (2 * side));
          if (step > 1) {
            param.setSourceSubsampling(step, step, 0, 0);
          }
          BufferedImage image = reader.read(0, param);
          if (!warnings.isEmpty()) {
            throw Rejections.invalid(shown + " is truncated or corrupt (" + warnings.get(0) + ")");
          }
          SquareResize.into(image, side, target, offset);
          decoded.incrementAndGet();
          return size;
        });
  }

  private Size header(ImageReader reader, String shown) throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw Rejections.invalid(shown + " declares an empty image");
    }
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw Rejections.tooLarge(
          shown + " declares " + width + "×" + height + " pixels, a side longer than " + MAX_SIDE);
    }
    if ((long) width * height > maxProgressivePixels
        && (long) width * height <= maxPixels
        && isProgressiveJpeg(reader)) {
      throw Rejections.tooLarge(
          shown
              + " is a progressive JPEG of "
              + width
              + "×"
              + height
              + " pixels, more than the limit of "
              + maxProgressivePixels
              + " for progressive JPEGs");
    }
    if ((long) width * height > maxPixels) {
      throw Rejections.tooLarge(
          shown
              + " declares "
              + width
              + "×"
              + height
              + " pixels, more than the limit of "
              + maxPixels);
    }
    return new Size(width, height);
  }

  /** Whether the frame header is SOF2 (progressive), from the header metadata alone. */
  private static boolean isProgressiveJpeg(ImageReader reader) throws IOException {
    if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
      return false;
    }
    IIOMetadata metadata = reader.getImageMetadata(0);
    Node tree = metadata.getAsTree(JPEG_METADATA);
    NodeList frames = ((Element) tree).getElementsByTagName("sof");
    for (int i = 0; i < frames.getLength(); i++) {
      Node process = frames.item(i).getAttributes().getNamedItem("process");
      if (process != null && "2".equals(process.getNodeValue())) {
        return true;
      }
    }
    return false;
  }

  private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

  private interface ReaderTask {
    Size run(ImageReader reader) throws IOException;
  }

  private Size withReader(Path file, String shown, ReaderTask task) {
    String expected = ImageFiles.expectedFormat(file.getFileName().toString());
    try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw Rejections.invalid(
            shown + " is not a " + upper(expected) + " image (it starts with " + magic(in) + ")");
      }
      ImageReader reader = readers.next();
      String format = reader.getFormatName().toLowerCase(Locale.ROOT);
      if (!format.equals(expected)) {
        reader.dispose();
        throw Rejections.invalid(
            shown + " is a " + upper(format) + " image, not a " + upper(expected));
      }
      try {
        reader.setInput(in, true, true);
        return task.run(reader);
      } finally {
        reader.dispose();
      }
    } catch (ApiException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Decoders throw all sorts on hostile input (IIOException, EOF, index errors).
      throw Rejections.invalid(
          shown + " is truncated or corrupt: cannot be decoded (" + ServerErrors.redactPaths(e.toString()) + ")");
    }
  }

  private static String upper(String format) {
    return format == null ? "?" : format.toUpperCase(Locale.ROOT);
  }

  private static String magic(ImageInputStream in) throws IOException {
    in.seek(0);
    byte[] head = new byte[4];
    int n = in.read(head);
    return n <= 0 ? "nothing" : HexFormat.ofDelimiter(" ").formatHex(head, 0, n);
  }
}
