package dev.residual.checkpoints;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The layout of a checkpoint archive ({@code metadata.json}, {@code model.params}, optional {@code
 * optimizer.bin}) and the checks a file passes before any byte of it reaches DJL.
 */
final class CheckpointArchive {

  static final String METADATA = "metadata.json";
  static final Set<String> ENTRIES =
      Set.of(METADATA, CheckpointStore.MODEL_PARAMS, CheckpointStore.OPTIMIZER_STATE);
  private static final byte[] LOCAL_HEADER = {'P', 'K', 3, 4};

  private CheckpointArchive() {}

  /** Writes the archive to {@code out} and finishes it; {@code out} stays open. */
  static void write(
      OutputStream out, byte[] metadata, PayloadWriter params, @Nullable PayloadWriter optimizer)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    // Float weights barely compress; the fastest level keeps a save from costing an epoch's time.
    zip.setLevel(Deflater.BEST_SPEED);
    entry(zip, METADATA, o -> o.write(metadata));
    entry(zip, CheckpointStore.MODEL_PARAMS, params);
    if (optimizer != null) {
      entry(zip, CheckpointStore.OPTIMIZER_STATE, optimizer);
    }
    zip.finish();
  }

  private static void entry(ZipOutputStream zip, String name, PayloadWriter writer)
      throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    // A writer that closes its stream (DJL's savers sometimes do) must not end the whole archive.
    writer.writeTo(
        new FilterOutputStream(zip) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        });
    zip.closeEntry();
  }

  /**
   * Opens an archive after checking its magic, its entry names (known, unique, the required ones
   * present) and its declared sizes. The caller closes the returned file.
   */
  static ZipFile open(Path file, CheckpointProperties limits) throws IOException {
    byte[] magic = new byte[LOCAL_HEADER.length];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(magic, 0, magic.length) != magic.length
          || !Arrays.equals(magic, LOCAL_HEADER)) {
        throw new InvalidCheckpointException(
            "not a checkpoint archive: bad magic (not a zip file)");
      }
    } catch (NoSuchFileException e) {
      throw new InvalidCheckpointException("the checkpoint archive is missing");
    }
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile());
    } catch (ZipException e) {
      throw new InvalidCheckpointException("truncated or damaged archive: " + e.getMessage());
    }
    try {
      checkEntries(zip, limits);
      return zip;
    } catch (RuntimeException e) {
      zip.close();
      throw e;
    }
  }

  private static void checkEntries(ZipFile zip, CheckpointProperties limits) {
    Set<String> seen = new HashSet<>();
    Enumeration<? extends ZipEntry> entries = zip.entries();
    while (entries.hasMoreElements()) {
      ZipEntry entry = entries.nextElement();
      String name = entry.getName();
      if (!ENTRIES.contains(name)) {
        throw new InvalidCheckpointException("unexpected archive entry '" + shorten(name) + "'");
      }
      if (!seen.add(name)) {
        throw new InvalidCheckpointException("duplicate archive entry '" + name + "'");
      }
      long max =
          METADATA.equals(name)
              ? limits.maxMetadataSize().toBytes()
              : limits.maxEntrySize().toBytes();
      if (entry.getSize() < 0 || entry.getSize() > max) {
        throw new InvalidCheckpointException(
            "entry '" + name + "' declares " + entry.getSize() + " bytes; the limit is " + max);
      }
    }
    for (String required : Set.of(METADATA, CheckpointStore.MODEL_PARAMS)) {
      if (!seen.contains(required)) {
        throw new InvalidCheckpointException("archive has no '" + required + "'");
      }
    }
  }

  /** Reads and parses {@code metadata.json}, refusing layouts newer than this release knows. */
  static CheckpointMetadata readMetadata(
      ZipFile zip, CheckpointProperties limits, JsonMapper jsonMapper) throws IOException {
    long max = limits.maxMetadataSize().toBytes();
    byte[] bytes;
    try (InputStream in = zip.getInputStream(zip.getEntry(METADATA))) {
      // The declared size was checked, but the stream is bounded too: declarations can lie.
      bytes = in.readNBytes((int) max + 1);
    } catch (IOException e) {
      throw new InvalidCheckpointException("metadata.json is damaged: " + e.getMessage());
    }
    if (bytes.length > max) {
      throw new InvalidCheckpointException("metadata.json is larger than " + max + " bytes");
    }
    try {
      JsonNode tree = jsonMapper.readTree(bytes);
      int version = tree.path("formatVersion").asInt(0);
      if (version > CheckpointMetadata.FORMAT_VERSION) {
        throw new InvalidCheckpointException(
            "format version "
                + version
                + " is newer than this release reads ("
                + CheckpointMetadata.FORMAT_VERSION
                + ")");
      }
      return jsonMapper.treeToValue(tree, CheckpointMetadata.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidCheckpointException(
          "metadata.json does not describe a checkpoint: " + firstLine(e.getMessage()));
    }
  }

  /** Opens an entry the archive has; closing the stream closes the archive. */
  static InputStream openEntry(ZipFile zip, String name) throws IOException {
    return new FilterInputStream(zip.getInputStream(zip.getEntry(name))) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          zip.close();
        }
      }
    };
  }

  private static String shorten(String name) {
    return name.length() <= 80 ? name : name.substring(0, 80) + "…";
  }

  private static String firstLine(@Nullable String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
  }
}
