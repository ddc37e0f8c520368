package dev.residual.datasets.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.ImageSplit;
import dev.residual.support.TestImages;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;

/** The image-folder loader on generated PNG and JPEG files: layouts, decoding, refusals. */
class ImageFolderTest {

  @TempDir Path dir;

  final ImageDecoder decoder = new ImageDecoder(89_478_485L);
  final ImageCacheBuilder builder = new ImageCacheBuilder(decoder, 2);

  @Test
  void readsTheSplitLayoutDecodesCropsAndLabelsEveryImage() throws IOException {
    Path root = dir.resolve("imagenette2-160");
    // Red and blue, landscape and portrait, PNG and JPEG; the centre crop keeps the colour.
    write(root.resolve("train/blue/a.JPEG"), TestImages.solid(60, 40, Color.BLUE, "jpeg"));
    write(root.resolve("train/blue/b.png"), TestImages.solid(40, 60, Color.BLUE, "png"));
    write(root.resolve("train/red/c.png"), TestImages.solid(48, 48, Color.RED, "png"));
    write(root.resolve("val/red/d.jpg"), TestImages.solid(40, 40, Color.RED, "jpeg"));
    write(root.resolve("noisy_imagenette.csv"), new byte[] {1});
    write(root.resolve("train/red/readme.txt"), new byte[] {1});

    FolderLayout layout = scanner().scan(dir);
    ImageCacheBuilder.Built built =
        builder.build(layout, builder.chooseSide(layout, 160), (d, t) -> {});

    assertThat(layout.root()).isEqualTo(root);
    assertThat(layout.layout()).isEqualTo("split");
    assertThat(layout.classes()).containsExactly("blue", "red");
    assertThat(layout.skipped()).isEqualTo(2);
    assertThat(built.side()).as("median shorter side, not blown up to 160").isEqualTo(40);
    ImageSplit train = built.train();
    assertThat(train.count()).isEqualTo(3);
    assertThat(train.labels()).containsExactly(0, 0, 1);
    assertThat(train.channels()).isEqualTo(3);
    assertPixel(train, 0, 0, 0, 255);
    assertPixel(train, 1, 0, 0, 255);
    assertPixel(train, 2, 255, 0, 0);
    assertThat(built.valid().labels()).containsExactly(1);
    assertThat(built.stats()).isEqualTo(new ImageStats(40, 60, 47.0, 40, 60, 47.0));
    assertThat(decoder.decodedCount()).isEqualTo(4);
  }

  @Test
  void splitsClassFoldersWithASeededStratifiedFifth() throws IOException {
    for (int i = 0; i < 10; i++) {
      write(dir.resolve("cats/" + i + ".png"), TestImages.solid(8, 8, Color.GRAY, "png"));
      write(dir.resolve("dogs/" + i + ".png"), TestImages.solid(8, 8, Color.GRAY, "png"));
    }

    FolderLayout first = scanner().scan(dir);
    FolderLayout again = scanner().scan(dir);

    assertThat(first.layout()).isEqualTo("class-folders");
    assertThat(first.train()).hasSize(16);
    assertThat(first.valid()).hasSize(4).extracting(FolderLayout.Item::label).containsOnly(0, 1);
    assertThat(first.valid())
        .extracting(FolderLayout.Item::label)
        .filteredOn(l -> l == 0)
        .hasSize(2);
    assertThat(again.valid()).isEqualTo(first.valid());
  }

  @Test
  void refusesAClassWithoutImagesAndASingleClass() throws IOException {
    write(dir.resolve("a/train/cats/1.png"), TestImages.solid(8, 8, Color.GRAY, "png"));
    write(dir.resolve("a/train/dogs/notes.txt"), new byte[] {1});
    write(dir.resolve("b/cats/1.png"), TestImages.solid(8, 8, Color.GRAY, "png"));

    assertInvalid(() -> scanner().scan(dir.resolve("a")), "class 'dogs' has no images");
    assertInvalid(() -> scanner().scan(dir.resolve("b")), "need at least 2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badImages")
  void refusesFilesThatAreNotTheImagesTheirNamesClaim(
      String name, String file, byte[] content, HttpStatus status, String reason)
      throws IOException {
    write(dir.resolve("train/good/1.png"), TestImages.solid(8, 8, Color.GRAY, "png"));
    write(dir.resolve("val/good/2.png"), TestImages.solid(8, 8, Color.GRAY, "png"));
    write(dir.resolve("train/bad/" + file), content);

    FolderLayout layout = scanner().scan(dir);

    assertThatThrownBy(() -> builder.build(layout, 8, (d, t) -> {}))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(ProblemStatus.of(e)).isEqualTo(status))
        .hasMessageContaining("train/bad/" + file)
        .hasMessageContaining(reason);
  }

  static Stream<Arguments> badImages() {
    java.awt.image.BufferedImage image =
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
    return Stream.of(
        Arguments.of(
            "GIF named .jpg",
            "x.jpg",
            TestImages.encode(image, "gif"),
            HttpStatus.BAD_REQUEST,
            "is a GIF image, not a JPEG"),
        Arguments.of(
            "TIFF named .jpg",
            "x.jpg",
            TestImages.encode(image, "tiff"),
            HttpStatus.BAD_REQUEST,
            "not a JPEG"),
        Arguments.of(
            "executable named .jpg",
            "x.jpg",
            TestImages.executable(),
            HttpStatus.BAD_REQUEST,
            "starts with 7f 45 4c 46"),
        Arguments.of(
            "PNG named .jpg",
            "x.jpg",
            TestImages.solid(8, 8, Color.RED, "png"),
            HttpStatus.BAD_REQUEST,
            "is a PNG image, not a JPEG"),
        Arguments.of(
            "JPEG truncated in its scan",
            "x.jpg",
            TestImages.truncatedJpeg(0.6),
            HttpStatus.BAD_REQUEST,
            "truncated or corrupt (Truncated File"),
        Arguments.of(
            "JPEG truncated in its headers",
            "x.jpg",
            TestImages.truncatedJpeg(0.02),
            HttpStatus.BAD_REQUEST,
            "truncated or corrupt"),
        Arguments.of(
            "60-byte PNG of 65535×65535",
            "x.png",
            TestImages.pngHeaderOnly(65535, 65535),
            HttpStatus.CONTENT_TOO_LARGE,
            "65535×65535"),
        Arguments.of("empty file", "x.png", new byte[0], HttpStatus.BAD_REQUEST, "not a PNG"));
  }

  @Test
  void cacheFilesRoundTripAndRefuseDamage() throws IOException {
    ImageSplit split = new ImageSplit(2, 3, 2, 2, new byte[24], new int[] {0, 1});
    Path file = dir.resolve("cache/train.u8");

    CacheFile.write(file, split);
    ImageSplit read = CacheFile.read(file, 2);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 1));

    assertThat(read.labels()).containsExactly(0, 1);
    assertThat(read.pixels()).hasSize(24);
    assertThatThrownBy(() -> CacheFile.read(file, 2)).hasMessageContaining("disagree");
    assertThatThrownBy(() -> CacheFile.read(dir.resolve("cache/none.u8"), 2))
        .isInstanceOf(IOException.class);
  }

  private FolderScanner scanner() {
    return new FolderScanner(200_000, 0.2, 42);
  }

  private static void assertPixel(ImageSplit split, int index, int r, int g, int b) {
    byte[] p = split.pixels();
    int center =
        index * split.imageBytes() + (split.height() / 2 * split.width() + split.width() / 2) * 3;
    assertThat(new int[] {p[center] & 0xff, p[center + 1] & 0xff, p[center + 2] & 0xff})
        .as("image %d", index)
        .satisfies(
            rgb -> {
              assertThat(rgb[0]).isCloseTo(r, org.assertj.core.data.Offset.offset(8));
              assertThat(rgb[1]).isCloseTo(g, org.assertj.core.data.Offset.offset(8));
              assertThat(rgb[2]).isCloseTo(b, org.assertj.core.data.Offset.offset(8));
            });
  }

  private static void assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.BAD_REQUEST))
        .hasMessageContaining(reason);
  }

  private static void write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }
}
