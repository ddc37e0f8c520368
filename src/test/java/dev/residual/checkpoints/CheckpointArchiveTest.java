package dev.residual.checkpoints;

import static dev.residual.checkpoints.CheckpointTestSupport.JSON;
import static dev.residual.checkpoints.CheckpointTestSupport.PROPERTIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.node.ObjectNode;

/** Hostile and damaged archives are refused with a message, before DJL sees a byte of them. */
class CheckpointArchiveTest {

  @TempDir Path dir;

  private CheckpointStore store;
  private byte[] metadata;

  @BeforeEach
  void setUp() {
    store = new CheckpointTestSupport(dir).store;
    metadata = JSON.writeValueAsBytes(CheckpointTestSupport.metadata(3, Map.of("top1", 0.8)));
  }

  @Test
  void aWellFormedArchiveDescribesItself() throws IOException {
    Path file = write(zip(entries("model.params", new byte[100])));

    CheckpointMetadata read = store.inspect(file);

    assertThat(read).isEqualTo(CheckpointTestSupport.metadata(3, Map.of("top1", 0.8)));
  }

  @Test
  void badMagicIsRefused() throws IOException {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    assertRefused(write(png), "bad magic");
    assertRefused(write(new byte[0]), "bad magic");
  }

  @Test
  void truncatedArchiveIsRefused() throws IOException {
    byte[] whole = zip(entries("model.params", new byte[5000]));

    assertRefused(write(Arrays.copyOf(whole, whole.length / 2)), "truncated or damaged");
  }

  @Test
  void missingArchiveIsRefused() {
    assertRefused(dir.resolve("nothing-here.zip"), "missing");
  }

  @Test
  void unexpectedTraversingAndMissingEntriesAreRefused() throws IOException {
    Map<String, byte[]> traversal = entries("model.params", new byte[1]);
    traversal.put("../../etc/cron.d/x", new byte[1]);
    assertRefused(write(zip(traversal)), "unexpected archive entry '../../etc/cron.d/x'");

    Map<String, byte[]> noParams = new LinkedHashMap<>();
    noParams.put("metadata.json", metadata);
    assertRefused(write(zip(noParams)), "no 'model.params'");
  }

  @Test
  void duplicateEntriesAreRefused() throws IOException {
    Map<String, byte[]> twins = entries("model.params", new byte[10]);
    twins.put("model.paramX", new byte[10]);
    // ZipOutputStream refuses duplicates, so the second name is patched afterwards.
    byte[] bytes = replace(zip(twins), "model.paramX", "model.params");

    assertRefused(write(bytes), "duplicate archive entry 'model.params'");
  }

  @Test
  void absurdDeclaredSizeIsRefused() throws IOException {
    byte[] bytes = zip(entries("model.params", new byte[10]));
    setCentralDirectorySize(bytes, "model.params", Integer.MAX_VALUE);

    CheckpointProperties strict =
        new CheckpointProperties(
            3, PROPERTIES.maxMetadataSize(), DataSize.ofMegabytes(1), PROPERTIES.orphanGrace());
    assertThatThrownBy(() -> CheckpointArchive.open(write(bytes), strict).close())
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageContaining("declares 2147483647 bytes");
  }

  @Test
  void metadataThatDoesNotParseIsRefused() throws IOException {
    assertRefused(write(zip(withMetadata("{not json"))), "metadata.json does not describe");
    assertRefused(
        write(zip(withMetadata("{\"formatVersion\": 1}"))), "metadata.json does not describe");
    assertRefused(write(zip(withMetadata("[1, 2, 3]"))), "metadata.json does not describe");
  }

  @Test
  void newerFormatIsRefusedButUnknownFieldsOfTheSameFormatAreIgnored() throws IOException {
    ObjectNode newer = (ObjectNode) JSON.readTree(metadata);
    newer.put("formatVersion", 2);
    assertRefused(write(zip(withMetadata(newer.toString()))), "format version 2 is newer");

    ObjectNode extended = (ObjectNode) JSON.readTree(metadata);
    extended.put("gitCommit", "abc123");
    assertThat(store.inspect(write(zip(withMetadata(extended.toString())))).epoch()).isEqualTo(3);
  }

  private void assertRefused(Path file, String message) {
    assertThatThrownBy(() -> store.inspect(file))
        .isInstanceOf(InvalidCheckpointException.class)
        .hasMessageContaining(message);
  }

  private Map<String, byte[]> entries(String name, byte[] bytes) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", metadata);
    entries.put(name, bytes);
    return entries;
  }

  private static Map<String, byte[]> withMetadata(String json) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("metadata.json", json.getBytes(StandardCharsets.UTF_8));
    entries.put("model.params", new byte[1]);
    return entries;
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private Path write(byte[] bytes) throws IOException {
    return Files.write(Files.createTempFile(dir, "archive", ".zip"), bytes);
  }

  private static byte[] replace(byte[] bytes, String from, String to) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    return text.replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Overwrites the uncompressed size that the central directory declares for {@code name}. */
  private static void setCentralDirectorySize(byte[] bytes, String name, int size) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + 46 < bytes.length; i++) {
      if (buffer.getInt(i) == 0x02014b50
          && buffer.getShort(i + 28) == wanted.length
          && Arrays.equals(bytes, i + 46, i + 46 + wanted.length, wanted, 0, wanted.length)) {
        buffer.putInt(i + 24, size);
        return;
      }
    }
    throw new AssertionError("no central directory entry for " + name);
  }
}
