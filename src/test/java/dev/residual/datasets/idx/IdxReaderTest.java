package dev.residual.datasets.idx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  private static final long CAP = 64L << 20;

  @TempDir Path dir;

  private final IdxReader reader = new IdxReader(CAP);

  @Test
  void readsRawFile() throws IOException {
    byte[] content = IdxFiles.ubyte(5, 4, 3);
    IdxData data = reader.read(write("raw", content));

    assertThat(data.dimensions()).containsExactly(5, 4, 3);
    assertThat(data.count()).isEqualTo(5);
    assertThat(data.values()).isEqualTo(Arrays.copyOfRange(content, 16, content.length));
  }

  @Test
  void readsGzipFileWhateverItsNameAndDigestsDecompressedBytes() throws Exception {
    byte[] content = IdxFiles.ubyte(3_000, 28, 28);
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");

    IdxData data = reader.read(write("labels-without-gz-suffix", IdxFiles.gzip(content)), sha256);

    assertThat(data.dimensions()).containsExactly(3_000, 28, 28);
    assertThat(data.values()).isEqualTo(Arrays.copyOfRange(content, 16, content.length));
    assertThat(HexFormat.of().formatHex(sha256.digest())).isEqualTo(IdxFiles.sha256(content));
  }

  @Test
  void rejectsBadMagic() throws IOException {
    byte[] content = IdxFiles.ubyte(2, 2);
    content[1] = 0x01;
    Path file = write("bad-magic", content);

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("bad magic number 0x0001");
  }

  @Test
  void rejectsFileShorterThanMagic() throws IOException {
    Path file = write("tiny", new byte[] {0, 0, 8});

    assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("shorter than the 4-byte");
  }

  @Test
  void rejectsOtherDataTypesByName() throws IOException {
    Path floats = write("float", IdxFiles.idx(0x0D, new int[] {1}, new byte[4]));
    Path unknown = write("unknown", IdxFiles.idx(0x07, new int[] {1}, new byte[1]));

    assertThatThrownBy(() -> reader.read(floats))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining("0x0d (float) is not supported; only 0x08 (unsigned byte) is");
    assertThatThrownBy(() -> reader.read(unknown))
        .hasMessageContaining("unknown IDX data type 0x07");
  }

  @Test
  void rejectsDimensionCountOutsideOneToFour() throws IOException {
    Path none = write("rank0", new byte[] {0, 0, 8, 0});
    Path five = write("rank5", IdxFiles.idx(0x08, new int[] {1, 1, 1, 1, 1}, new byte[1]));

    assertThatThrownBy(() -> reader.read(none)).hasMessageContaining("declares 0 dimensions");
    assertThatThrownBy(() -> reader.read(five)).hasMessageContaining("declares 5 dimensions");
  }

  @Test
  void rejectsZeroAndNegativeDimensions() throws IOException {
    Path zero = write("zero", IdxFiles.idx(0x08, new int[] {4, 0, 3}, new byte[0]));
    Path negative = write("negative", IdxFiles.idx(0x08, new int[] {-1}, new byte[0]));

    assertThatThrownBy(() -> reader.read(zero)).hasMessageContaining("dimension 2 is 0");
    assertThatThrownBy(() -> reader.read(negative))
        .hasMessageContaining("dimension 1 is 4294967295");
  }

  @Test
  void rejectsHugeDeclaredSizeBeforeAllocating() throws IOException {
    int max = Integer.MAX_VALUE;
    Path overflow =
        write("overflow", IdxFiles.idx(0x08, new int[] {max, max, max, max}, new byte[8]));
    Path overCap =
        write(
            "over-cap", IdxFiles.gzip(IdxFiles.idx(0x08, new int[] {65_536, 1_025}, new byte[8])));

    assertAllocatesLittle(
        () ->
            assertThatThrownBy(() -> reader.read(overflow))
                .hasMessageContaining("declares more than " + CAP + " values"));
    assertAllocatesLittle(
        () ->
            assertThatThrownBy(() -> reader.read(overCap))
                .hasMessageContaining("the configured limit"));
  }

  @Test
  void rejectsRawFileWhoseLengthDisagreesBeforeAllocating() throws IOException {
    byte[] header = IdxFiles.idx(0x08, new int[] {60_000, 28, 28}, new byte[100]);
    Path truncated = write("truncated", header);
    byte[] good = IdxFiles.ubyte(10, 2);
    Path trailing = write("trailing", Arrays.copyOf(good, good.length + 3));

    assertAllocatesLittle(
        () ->
            assertThatThrownBy(() -> reader.read(truncated))
                .hasMessageContaining(
                    "is 116 bytes long but its header (60000×28×28) declares 47040016")
                .hasMessageContaining("(truncated)"));
    assertThatThrownBy(() -> reader.read(trailing)).hasMessageContaining("(trailing bytes)");
  }

  @Test
  void rejectsGzipFileWithTooFewValuesAllocatingOnlyWhatArrives() throws IOException {
    byte[] content = IdxFiles.idx(0x08, new int[] {60_000, 28, 28}, new byte[1_000]);
    Path file = write("short.gz", IdxFiles.gzip(content));

    assertAllocatesLittle(
        () ->
            assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(
                    "is truncated: its header (60000×28×28) declares 47040000 values")
                .hasMessageContaining("only 1000 follow"));
  }

  @Test
  void rejectsGzipFileWithTrailingBytes() throws IOException {
    byte[] good = IdxFiles.ubyte(10, 2);
    Path file = write("trailing.gz", IdxFiles.gzip(Arrays.copyOf(good, good.length + 1)));

    assertThatThrownBy(() -> reader.read(file))
        .hasMessageContaining("has trailing bytes after the 20 values");
  }

  @Test
  void rejectsTruncatedGzipStream() throws IOException {
    byte[] gzip = IdxFiles.gzip(IdxFiles.ubyte(500, 28, 28));
    Path file = write("cut.gz", Arrays.copyOf(gzip, gzip.length / 2));

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(IdxFormatException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("gzip stream is truncated or corrupt");
  }

  @Test
  void rejectsGzipStreamWithBadChecksum() throws IOException {
    byte[] gzip = IdxFiles.gzip(IdxFiles.ubyte(10, 10));
    // The trailer's CRC-32 sits 8 bytes from the end.
    ByteBuffer.wrap(gzip).putInt(gzip.length - 8, 0xdeadbeef);
    Path file = write("crc.gz", gzip);

    assertThatThrownBy(() -> reader.read(file)).hasMessageContaining("gzip stream");
  }

  @Test
  void refusesACapBeyondJavaArrays() {
    assertThatThrownBy(() -> new IdxReader(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdxReader(Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  /** Runs {@code check} and asserts that this thread allocated under 4 MiB meanwhile. */
  private static void assertAllocatesLittle(Executable check) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    try {
      check.execute();
    } catch (AssertionError e) {
      throw e;
    } catch (Throwable e) {
      throw new AssertionError(e);
    }
    assertThat(threads.getCurrentThreadAllocatedBytes() - before).isLessThan(4L << 20);
  }
}
