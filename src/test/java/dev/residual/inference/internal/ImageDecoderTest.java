package dev.residual.inference.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.inference.internal.ImageHeader.ImageFormat;
import dev.residual.system.ApiException;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

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
            "60-byte PNG declaring 65535×65535", TestImages.pngHeaderOnly(65535, 65535), 413),
        Arguments.of("PNG 70000 pixels wide", TestImages.pngHeaderOnly(70_000, 1), 413),
        Arguments.of("GIF named .jpg", TestImages.gif(), 415),
        Arguments.of("TIFF", TestImages.tiff(), 415),
        Arguments.of("ELF executable", TestImages.elf(), 415),
        Arguments.of("Windows executable", TestImages.windowsExecutable(), 415),
        Arguments.of("text", "hello, world".getBytes(), 415),
        Arguments.of("empty", new byte[0], 400),
        Arguments.of("PNG signature only", Arrays.copyOf(png, 10), 400),
        Arguments.of("PNG that does not start with IHDR", chunkNotIhdr, 400),
        Arguments.of("PNG declaring 0×0", TestImages.pngHeaderOnly(0, 0), 400),
        Arguments.of("PNG header without data", TestImages.pngHeaderOnly(28, 28), 400),
        Arguments.of("truncated PNG", TestImages.truncated(png, 0.6), 400),
        Arguments.of("truncated JPEG", TestImages.truncated(jpeg, 0.6), 400),
        Arguments.of("JPEG cut before its frame header", Arrays.copyOf(jpeg, 12), 400),
        Arguments.of("JPEG with image data before a frame header", scanBeforeFrame, 400),
        Arguments.of("JPEG with garbage instead of a marker", noMarker, 400));
  }

  @ParameterizedTest(name = "{0} → {2}")
  @MethodSource("hostileFiles")
  void refusesHostileFilesWithTheRightStatusAndNamesTheImage(
      String what, byte[] bytes, int status) {
    assertThatThrownBy(() -> decoder.decodeCentre(bytes, 28, 28, "image 3 (x.jpg)"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status().value()).as(e.getMessage()).isEqualTo(status);
              assertThat(e.getMessage()).startsWith("image 3 (x.jpg)");
            });
  }

  @Test
  void aPixelLimitBelowTheDeclaredSizeIsA413BeforeAnythingIsDecoded() {
    byte[] png = TestImages.encode(TestImages.filled(100, 100, Color.RED), "png");

    assertThatThrownBy(() -> new ImageDecoder(9_999).decodeCentre(png, 28, 28, "x"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE));
    assertThat(new ImageDecoder(10_000).decodeCentre(png, 28, 28, "x")).isNotNull();
  }

  @Test
  void decodesOnlyTheCentreCropSubsampledToAtLeastTwiceTheTarget() {
    // Red | green | blue thirds: a square crop of a 3:1 image is exactly the green middle.
    BufferedImage wide = new BufferedImage(3000, 1000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = wide.createGraphics();
    Color[] thirds = {Color.RED, Color.GREEN, Color.BLUE};
    for (int i = 0; i < 3; i++) {
      g.setColor(thirds[i]);
      g.fillRect(i * 1000, 0, 1000, 1000);
    }
    g.dispose();

    BufferedImage crop = decoder.decodeCentre(TestImages.encode(wide, "png"), 28, 28, "wide");

    assertThat(crop.getWidth()).isEqualTo(crop.getHeight()).isBetween(56, 112);
    for (int y = 0; y < crop.getHeight(); y++) {
      for (int x = 0; x < crop.getWidth(); x++) {
        assertThat(new Color(crop.getRGB(x, y))).isEqualTo(Color.GREEN);
      }
    }
  }

  @Test
  void keepsSmallImagesWhole() {
    BufferedImage image = TestImages.filled(28, 28, Color.WHITE);

    BufferedImage decoded = decoder.decodeCentre(TestImages.encode(image, "jpeg"), 28, 28, "x");

    assertThat(decoded.getWidth()).isEqualTo(28);
    assertThat(decoded.getHeight()).isEqualTo(28);
  }
}
