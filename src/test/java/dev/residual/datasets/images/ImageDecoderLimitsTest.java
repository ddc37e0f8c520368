package dev.residual.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.UnusableImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset decoder bounds what a header can make it allocate: each side (ImageIO's row buffers
 * grow with the width, so a 1-pixel high image within the pixel limit is still refused), and the
 * size of a progressive JPEG, whose decoder keeps every coefficient of the whole image.
 */
class ImageDecoderLimitsTest {

  static final long PIXELS = 89_478_485L;

  @TempDir Path dir;

  @Test
  void aSideLongerThanTheCapIsRefusedFromTheHeader() throws IOException {
    Path wide = dir.resolve("wide.png");
    ImageIO.write(new BufferedImage(70_000, 1, BufferedImage.TYPE_BYTE_GRAY), "png", wide.toFile());
    ImageDecoder decoder = new ImageDecoder(PIXELS);

    assertThatThrownBy(() -> decoder.size(wide, "wide.png"))
        .isInstanceOfSatisfying(
            UnusableImageException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableImageException.Reason.TOO_LARGE))
        .hasMessageContaining("a side longer than 65535");
    assertThatThrownBy(() -> decoder.decodeInto(wide, "wide.png", 3, 8, new byte[192], 0))
        .hasMessageContaining("a side longer than 65535");
    assertThat(decoder.decodedCount()).isZero();
  }

  @Test
  void aProgressiveJpegOverItsOwnLimitIsRefusedAndABaselineOneIsNot() throws IOException {
    BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    Path progressive = jpeg(image, "progressive.jpg", ImageWriteParam.MODE_DEFAULT);
    Path baseline = jpeg(image, "baseline.jpg", ImageWriteParam.MODE_DISABLED);
    ImageDecoder decoder = new ImageDecoder(PIXELS, 1_000);

    assertThatThrownBy(
            () -> decoder.decodeInto(progressive, "progressive.jpg", 3, 8, new byte[192], 0))
        .isInstanceOfSatisfying(
            UnusableImageException.class,
            e -> assertThat(e.reason()).isEqualTo(UnusableImageException.Reason.TOO_LARGE))
        .hasMessageContaining("progressive JPEG of 64×64 pixels");
    decoder.decodeInto(baseline, "baseline.jpg", 3, 8, new byte[192], 0);
    new ImageDecoder(PIXELS).decodeInto(progressive, "progressive.jpg", 3, 8, new byte[192], 0);
  }

  private Path jpeg(BufferedImage image, String name, int progressiveMode) throws IOException {
    Path file = dir.resolve(name);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setProgressiveMode(progressiveMode);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return file;
  }
}
