package dev.residual.datasets.archive;

import static dev.residual.datasets.TestArchives.Entry.directory;
import static dev.residual.datasets.TestArchives.Entry.file;
import static dev.residual.datasets.TestArchives.Entry.hardlink;
import static dev.residual.datasets.TestArchives.Entry.symlink;
import static dev.residual.datasets.TestArchives.Entry.zeros;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.datasets.TestArchives;
import dev.residual.datasets.TestArchives.Entry;
import dev.residual.datasets.images.ImageFiles;
import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class ArchiveExtractorTest {

  static final byte[] PIXELS = {1, 2, 3};

  @TempDir Path dir;
  Path target;

  @BeforeEach
  void createTarget() throws IOException {
    // The sibling "data-evil" shares the prefix "data": the classic startsWith(String) hole.
    target = Files.createDirectory(dir.resolve("data"));
  }

  @Test
  void defaultsAreApachePoisZipSecureFileLimits() {
    ArchiveLimits limits = ArchiveLimits.defaults();

    assertThat(limits.maxEntries()).isEqualTo(200_000);
    assertThat(limits.maxEntrySize()).isEqualTo(DataSize.ofMegabytes(64));
    assertThat(limits.maxRatio()).isEqualTo(100);
    assertThat(limits.ratioThreshold()).isEqualTo(DataSize.ofKilobytes(100));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void extractsImagesAndCountsWhatItSkips(String format, Function<Entry[], byte[]> archiver)
      throws IOException {
    Path archive =
        write(
            archiver.apply(
                new Entry[] {
                  directory("set/"),
                  directory("set/train/"),
                  file("set/train/cat/1.jpg", PIXELS),
                  file("set/train/dog/2.PNG", PIXELS),
                  file("set/notes.csv", PIXELS),
                  file("set/train/.DS_Store", PIXELS),
                  file("__MACOSX/set/._1.jpg", PIXELS)
                }));

    ArchiveExtractor.Result result = extractor().extract(archive, target, ImageFiles::isImageName);

    assertThat(result.files()).isEqualTo(2);
    assertThat(result.skipped()).isEqualTo(3);
    assertThat(target.resolve("set/train/cat/1.jpg")).hasBinaryContent(PIXELS);
    assertThat(target.resolve("set/train/dog/2.PNG")).exists();
    assertThat(target.resolve("set/notes.csv")).doesNotExist();
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("zip", (Function<Entry[], byte[]>) TestArchives::zip),
        Arguments.of("tar", (Function<Entry[], byte[]>) TestArchives::tar),
        Arguments.of("tgz", (Function<Entry[], byte[]>) TestArchives::tgz));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostileArchivesWithTheReasonAndWritesNothingOutside(
      String name, byte[] archive, HttpStatus status, String reason) throws IOException {
    Path file = write(archive);
    ArchiveLimits limits =
        new ArchiveLimits(50, DataSize.ofMegabytes(1), DataSize.ofMegabytes(2), null, null);

    assertThatThrownBy(() -> new ArchiveExtractor(limits).extract(file, target, n -> true))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(ProblemStatus.of(e)).isEqualTo(status))
        .hasMessageContaining(reason);
    assertThat(dir.resolve("data-evil")).doesNotExist();
    assertThat(dir.resolve("evil.png")).doesNotExist();
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(Files::isSymbolicLink)).isEmpty();
    }
  }

  static Stream<Arguments> hostile() {
    byte[] random = new byte[(int) DataSize.ofKilobytes(600).toBytes()];
    new Random(7).nextBytes(random);
    byte[] big = new byte[1_200_000];
    new Random(8).nextBytes(big);
    byte[] zip = TestArchives.zip(file("a/1.png", random), file("b/2.png", PIXELS));
    byte[] tgz = TestArchives.tgz(file("a/1.png", random), file("b/2.png", PIXELS));
    byte[] tar = TestArchives.tar(file("a/1.png", random), file("b/2.png", PIXELS));
    Entry[] many = new Entry[51];
    Arrays.setAll(many, i -> file("a/" + i + ".png", PIXELS));
    Entry[] total = new Entry[5];
    Arrays.setAll(total, i -> file("a/" + i + ".png", random));
    return Stream.of(
        refused("zip-slip ../", TestArchives.zip(file("../evil.png", PIXELS)), "escapes"),
        refused(
            "zip-slip nested a/../../", TestArchives.tar(file("a/../../evil.png", PIXELS)), ".."),
        refused(
            "sibling prefix ../data-evil/x",
            TestArchives.zip(file("../data-evil/x.png", PIXELS)),
            "escapes"),
        refused("backslash ..\\", TestArchives.zip(file("..\\evil.png", PIXELS)), "escapes"),
        refused(
            "absolute path in a tar", TestArchives.tar(file("/tmp/evil.png", PIXELS)), "absolute"),
        refused(
            "absolute path in a zip", TestArchives.zip(file("/tmp/evil.png", PIXELS)), "absolute"),
        refused("drive letter", TestArchives.zip(file("C:/evil.png", PIXELS)), "drive letter"),
        refused(
            "zip symlink", TestArchives.zip(symlink("a/link.png", "/etc/passwd")), "symbolic link"),
        refused(
            "tar symlink", TestArchives.tgz(symlink("a/link.png", "../../etc")), "symbolic link"),
        refused(
            "tar hard link", TestArchives.tar(hardlink("a/link.png", "/etc/passwd")), "hard link"),
        refused(
            "zip duplicate",
            TestArchives.zip(file("a/1.png", PIXELS), file("a/1.png", PIXELS)),
            "duplicate"),
        refused(
            "tar duplicate",
            TestArchives.tar(file("a/1.png", PIXELS), file("a/./1.png", PIXELS)),
            "duplicate"),
        refused(
            "file and directory of one name",
            TestArchives.tar(file("a", PIXELS), file("a/1.png", PIXELS)),
            "same name"),
        refused(
            "directory and file of one name",
            TestArchives.tar(directory("a/"), file("a", PIXELS)),
            "duplicate"),
        refused("truncated zip", Arrays.copyOf(zip, zip.length / 2), "truncated"),
        refused("truncated tgz", Arrays.copyOf(tgz, tgz.length / 2), "truncated"),
        refused("truncated tar", Arrays.copyOf(tar, 300_000), "truncated"),
        refused(
            "not an archive",
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0},
            "not a zip, tar"),
        tooLarge("entry over the limit", TestArchives.tgz(file("a/1.png", big)), "larger than"),
        tooLarge(
            "declared entry size over the limit",
            TestArchives.tar(zeros("a/big.png", 3 << 20)),
            "larger than"),
        tooLarge("too many entries", TestArchives.zip(many), "entries"),
        tooLarge("total over the limit", TestArchives.tar(total), "archive expands"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bombs")
  void refusesBombsUnderTheDefaultLimitsAfterReadingLittle(String name, byte[] archive)
      throws IOException {
    Path file = write(archive);

    assertThatThrownBy(() -> extractor().extract(file, target, ImageFiles::isImageName))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
        .hasMessageContaining("expands more than 100:1")
        .hasMessageContaining("decompression bomb");
    try (Stream<Path> files = Files.walk(target)) {
      // Stopped within the first buffers past the 100 KiB grace, not after 20 MiB.
      assertThat(files.filter(Files::isRegularFile).mapToLong(ArchiveExtractorTest::size).sum())
          .isLessThan(1 << 20);
    }
  }

  static Stream<Arguments> bombs() {
    return Stream.of(
        Arguments.of("zip bomb", TestArchives.zip(zeros("a/bomb.png", 20 << 20))),
        Arguments.of("tgz bomb", TestArchives.tgz(zeros("a/bomb.png", 20 << 20))),
        Arguments.of(
            "bomb in a skipped tgz entry", TestArchives.tgz(zeros("a/bomb.txt", 20 << 20))));
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void refusesAZipDeclaringMoreEntriesThanTheDefaultLimitBeforeParsingIt() throws IOException {
    Entry[] entries = new Entry[200_001];
    Arrays.setAll(entries, i -> directory("d" + i + "/"));
    Path file = write(TestArchives.zip(entries));

    assertThatThrownBy(() -> extractor().extract(file, target, n -> true))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
        .hasMessageContaining("declares 200001 entries");
  }

  @Test
  void refusesAZipWhoseEndRecordUnderstatesItsEntriesBeforeParsingIt() throws IOException {
    Entry[] entries = new Entry[60];
    Arrays.setAll(entries, i -> directory("d" + i + "/"));
    byte[] zip = TestArchives.zip(entries);
    // The end record's two entry counts (this disk, total) say 1.
    int end = zip.length - 22;
    assertThat(ByteBuffer.wrap(zip, end, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(0x06054b50);
    ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(end + 8, (short) 1);
    ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN).putShort(end + 10, (short) 1);
    Path file = write(zip);
    ArchiveLimits limits =
        new ArchiveLimits(50, DataSize.ofMegabytes(1), DataSize.ofMegabytes(2), null, null);

    assertThatThrownBy(() -> new ArchiveExtractor(limits).extract(file, target, n -> true))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.CONTENT_TOO_LARGE))
        .hasMessageContaining("more than 50 entries (its end record declares 1)");
    try (Stream<Path> written = Files.list(dir)) {
      assertThat(written.map(p -> p.getFileName().toString())).containsOnly("upload.bin", "data");
    }
    try (Stream<Path> extracted = Files.list(target)) {
      assertThat(extracted).isEmpty();
    }
  }

  private static Arguments refused(String name, byte[] archive, String reason) {
    return Arguments.of(name, archive, HttpStatus.BAD_REQUEST, reason);
  }

  private static Arguments tooLarge(String name, byte[] archive, String reason) {
    return Arguments.of(name, archive, HttpStatus.CONTENT_TOO_LARGE, reason);
  }

  private static ArchiveExtractor extractor() {
    return new ArchiveExtractor(ArchiveLimits.defaults());
  }

  private Path write(byte[] archive) throws IOException {
    return Files.write(dir.resolve("upload.bin"), archive);
  }
}
