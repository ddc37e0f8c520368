package dev.residual.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.UnusableImageException;
import dev.residual.datasets.UnusableImageException.Reason;
import dev.residual.datasets.images.ImageHeader.ImageFormat;
import dev.residual.support.TestImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDecoderTest {

  static final long PILLOW_MAX_PIXELS = 89_478_485;

  private final ImageDecoder decoder = new ImageDecoder(PILLOW_MAX_PIXELS);

  @Test
  void readsTheSizeFromPngAndJpegHeaders() {
    BufferedImage image = TestImages.filled(300, 200, Color.GRAY);

    assertThat(ImageHeader.read(TestImages.encode(image, "png"), "a"))
        .isEqualTo(new ImageHeader(ImageFormat.PNG, 300, 200));
    assertThat(ImageHeader.read(TestImages.encode(image, "jpeg"), "b"))
        .isEqualTo(new ImageHeader(ImageFormat.JPEG, 300, 200));
  }

  static Stream<Arguments> hostileFiles() {
    byte[] jpeg = TestImages.encode(TestImages.filled(64, 64, Color.BLUE), "jpeg");
    byte[] png = TestImages.encode(TestImages.filled(64, 64, Color.BLUE), "png");
    byte[] scanBeforeFrame = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xda, 0, 4, 0, 0};
    byte[] noMarker = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 4, 0, 0, 0x12, 0x34};
    byte[] chunkNotIhdr = png.clone();
    chunkNotIhdr[12] = 'I';
    chunkNotIhdr[13] = 'D';
    chunkNotIhdr[14] = 'A';
    chunkNotIhdr[15] = 'T';
    return Stream.of(
        Arguments.of(
            "60-byte PNG declaring 65535×65535",
            TestImages.pngHeaderOnly(65535, 65535),
            Reason.TOO_LARGE),
        Arguments.of(
            "PNG 70000 pixels wide", TestImages.pngHeaderOnly(70_000, 1), Reason.TOO_LARGE),
        Arguments.of("GIF named .jpg", TestImages.gif(), Reason.UNSUPPORTED_FORMAT),
        Arguments.of("TIFF", TestImages.tiff(), Reason.UNSUPPORTED_FORMAT),
        Arguments.of("ELF executable", TestImages.executable(), Reason.UNSUPPORTED_FORMAT),
        Arguments.of(
            "Windows executable", TestImages.windowsExecutable(), Reason.UNSUPPORTED_FORMAT),
        Arguments.of("text", "hello, world".getBytes(), Reason.UNSUPPORTED_FORMAT),
        Arguments.of("empty", new byte[0], Reason.UNREADABLE),
        Arguments.of("PNG signature only", Arrays.copyOf(png, 10), Reason.UNREADABLE),
        Arguments.of("PNG that does not start with IHDR", chunkNotIhdr, Reason.UNREADABLE),
        Arguments.of("PNG declaring 0×0", TestImages.pngHeaderOnly(0, 0), Reason.UNREADABLE),
        Arguments.of(
            "PNG header without data", TestImages.pngHeaderOnly(28, 28), Reason.UNREADABLE),
        Arguments.of("truncated PNG", TestImages.truncated(png, 0.6), Reason.UNREADABLE),
        Arguments.of("truncated JPEG", TestImages.truncated(jpeg, 0.6), Reason.UNREADABLE),
        Arguments.of(
            "JPEG cut before its frame header", Arrays.copyOf(jpeg, 12), Reason.UNREADABLE),
        Arguments.of(
            "JPEG with image data before a frame header", scanBeforeFrame, Reason.UNREADABLE),
        Arguments.of("JPEG with garbage instead of a marker", noMarker, Reason.UNREADABLE));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("hostileFiles")
  void refusesHostileFilesWithTheRightReasonAndNamesTheImage(
      String what, byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> decoder.decode(bytes, "image 3 (x.jpg)", 3, 28))
        .isInstanceOfSatisfying(
            UnusableImageException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.getMessage()).startsWith("image 3 (x.jpg)");
            });
  }

  @Test
  void aPixelLimitBelowTheDeclaredSizeIsRefusedBeforeAnythingIsDecoded() {
    byte[] png = TestImages.encode(TestImages.filled(100, 100, Color.RED), "png");

    assertThatThrownBy(() -> new ImageDecoder(9_999).decode(png, "x", 3, 28))
        .isInstanceOfSatisfying(
            UnusableImageException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
    assertThat(new ImageDecoder(10_000).decode(png, "x", 3, 28)).hasSize(28 * 28 * 3);
  }

  @Test
  void decodesOnlyTheCentreSquareSubsampledToAtLeastTwiceTheTarget() {
    // Red | green | blue thirds: the centre square of a 3:1 image is exactly the green middle.
    BufferedImage wide = new BufferedImage(3000, 1000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = wide.createGraphics();
    Color[] thirds = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < 3; i++) {
      g.setColor(thirds[i]);
      g.fillRect(i * 1000, 0, 1000, 1000);
    }
    g.dispose();
    byte[] png = TestImages.encode(wide, "png");
    javax.imageio.ImageReader reader =
        javax.imageio.ImageIO.getImageReadersByFormatName("png").next();

    javax.imageio.ImageReadParam param =
        ImageDecoder.cropParam(reader, ImageHeader.read(png, "wide"), 28);
    byte[] rgb = decoder.decode(png, "wide", 3, 28);

    assertThat(param.getSourceRegion()).isEqualTo(new java.awt.Rectangle(1000, 0, 1000, 1000));
    assertThat(param.getSourceXSubsampling()).isEqualTo(17); // 1000 / 17 = 59 ≥ 2 × 28
    for (int i = 0; i < rgb.length; i += 3) {
      assertThat(new int[] {rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff})
          .containsExactly(0, 255, 0);
    }
  }

  @Test
  void keepsSmallImagesWhole() {
    byte[] grey =
        TestImages.encode(TestImages.grey(2, 2, new byte[] {0, 50, 100, (byte) 200}), "png");

    assertThat(decoder.decode(grey, "x", 1, 2)).containsExactly(0, 50, 100, (byte) 200);
  }
}
