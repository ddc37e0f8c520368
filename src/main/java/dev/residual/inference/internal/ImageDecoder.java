package dev.residual.inference.internal;

import dev.residual.inference.internal.ImageHeader.ImageFormat;
import dev.residual.system.ApiException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.springframework.http.HttpStatus;

/**
 * Decodes an uploaded PNG or JPEG safely and only as much as a model needs.
 *
 * <p>The header is checked before any pixel is decoded: too many pixels or too long a side is a
 * 413. Then only the centre crop that preprocessing keeps is decoded, subsampled to no less than
 * twice the model's input size, so that a large photo costs a few hundred kilobytes instead of
 * hundreds of megabytes. A decoder warning (libjpeg's "premature end of JPEG file" for a truncated
 * file, which it would otherwise fill with grey) makes the image unreadable: 400.
 */
public final class ImageDecoder {

  /** JPEG's own limit; it also bounds the PNG decoder's row buffers. */
  static final long MAX_SIDE = 65_535;

  private final long maxPixels;

  public ImageDecoder(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  /**
   * Decodes the part of {@code bytes} that a {@code height × width} centre crop of the image,
   * resized so that its shorter side fits, covers.
   *
   * @param name how error messages call the image, e.g. {@code image 2 (shoe.png)}
   * @throws ApiException 413, 415 or 400 as described above
   */
  public BufferedImage decodeCentre(byte[] bytes, int height, int width, String name) {
    ImageHeader header = ImageHeader.read(bytes, name);
    if (header.pixels() > maxPixels) {
      throw tooLarge(
          name, header.width() + "×" + header.height() + " pixels, more than " + maxPixels);
    }
    if (header.width() > MAX_SIDE || header.height() > MAX_SIDE) {
      throw tooLarge(name, "a side longer than " + MAX_SIDE + " pixels");
    }
    ImageReader reader = reader(header.format());
    List<String> warnings = new ArrayList<>();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      BufferedImage image = reader.read(0, cropParam(reader, header, height, width));
      if (!warnings.isEmpty()) {
        throw ImageHeader.unreadable(name, warnings.get(0));
      }
      return image;
    } catch (IIOException e) {
      if (String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
        throw new ApiException(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "Unsupported image format",
            name + " is a CMYK or YCCK JPEG; send an RGB or greyscale image");
      }
      throw ImageHeader.unreadable(name, rootMessage(e));
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // The JDK's decoders signal some corruptions with runtime exceptions.
      throw ImageHeader.unreadable(name, rootMessage(e));
    } finally {
      reader.dispose();
    }
  }

  /** The centre crop in source pixels, subsampled to at least twice the target size. */
  static ImageReadParam cropParam(ImageReader reader, ImageHeader header, int height, int width) {
    long w = header.width();
    long h = header.height();
    double scale = Math.max((double) width / w, (double) height / h);
    int cropW = (int) Math.max(1, Math.min(w, Math.round(width / scale)));
    int cropH = (int) Math.max(1, Math.min(h, Math.round(height / scale)));
    int step =
        (int) Math.max(1, Math.floor(Math.min(cropW / (2.0 * width), cropH / (2.0 * height))));
    ImageReadParam param = reader.getDefaultReadParam();
    param.setSourceRegion(
        new Rectangle((int) (w - cropW) / 2, (int) (h - cropH) / 2, cropW, cropH));
    param.setSourceSubsampling(step, step, 0, 0);
    return param;
  }

  private static ImageReader reader(ImageFormat format) {
    Iterator<ImageReader> readers =
        ImageIO.getImageReadersByFormatName(format == ImageFormat.PNG ? "png" : "jpeg");
    if (!readers.hasNext()) {
      throw new IllegalStateException("the JDK has no " + format + " decoder");
    }
    return readers.next();
  }

  private static ApiException tooLarge(String name, String what) {
    return new ApiException(
        HttpStatus.CONTENT_TOO_LARGE, "Image too large", name + " declares " + what);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? "it is corrupt (" + root.getClass().getSimpleName() + ")" : message;
  }
}
