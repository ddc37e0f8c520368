package dev.residual.checkpoints;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.residual.system.ResidualProperties;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The checkpoint directory: atomic, fsynced writes with a SHA-256 computed on the way, integrity
 * checks on the way back, and the names of saves in flight so that the janitor leaves them alone.
 */
@Component
class CheckpointFiles {

  static final String TMP_SUFFIX = ".tmp";
  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  CheckpointFiles(ResidualProperties properties) {
    this.root = properties.checkpointsDir().toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /** The row's {@code file_name}: relative to the root, always with forward slashes. */
  static String fileName(UUID jobId, UUID id) {
    return jobId + "/" + id + ".zip";
  }

  /** Resolves a stored file name, refusing any that would leave the checkpoint directory. */
  Path resolve(String fileName) {
    Path path = root.resolve(fileName).normalize();
    if (!path.startsWith(root) || path.equals(root)) {
      throw new IllegalStateException("checkpoint file name escapes the directory: " + fileName);
    }
    return path;
  }

  void claim(String fileName) {
    inFlight.add(fileName);
  }

  void release(String fileName) {
    inFlight.remove(fileName);
  }

  boolean isClaimed(String fileName) {
    return inFlight.contains(fileName);
  }

  /** A file in its final place: its path, SHA-256 (hex) and size. */
  record Written(Path path, String sha256, long size) {}

  /**
   * Writes {@code content} to a temporary file beside the target, forces it to disk, renames it
   * into place atomically and forces the directory, so that after a crash the target either does
   * not exist or is complete.
   */
  Written write(String fileName, PayloadWriter content) throws IOException {
    Path target = resolve(fileName);
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
      forceDirectory(dir.getParent());
    }
    Path tmp = dir.resolve(target.getFileName() + TMP_SUFFIX);
    MessageDigest digest = sha256();
    long[] size = {0};
    try {
      try (FileChannel channel = FileChannel.open(tmp, CREATE_NEW, WRITE)) {
        OutputStream file = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        OutputStream out =
            new FilterOutputStream(file) {
              @Override
              public void write(int b) throws IOException {
                digest.update((byte) b);
                size[0]++;
                out.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                digest.update(b, off, len);
                size[0] += len;
                out.write(b, off, len);
              }
            };
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    forceDirectory(dir);
    return new Written(target, HexFormat.of().formatHex(digest.digest()), size[0]);
  }

  /**
   * Opens a recorded file after checking that its bytes still hash to {@code sha256}. The same open
   * channel is hashed and then read, so a file replaced in between cannot slip through.
   */
  InputStream openVerified(UUID id, Path path, String sha256) throws IOException {
    FileChannel channel = openRecorded(id, path);
    try {
      verify(id, channel, sha256);
      channel.position(0);
      return Channels.newInputStream(channel);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Checks that a recorded file still hashes to {@code sha256}. */
  void verify(UUID id, Path path, String sha256) throws IOException {
    try (FileChannel channel = openRecorded(id, path)) {
      verify(id, channel, sha256);
    }
  }

  private static void verify(UUID id, FileChannel channel, String expected) throws IOException {
    MessageDigest digest = sha256();
    ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    while (channel.read(buffer) >= 0) {
      digest.update(buffer.flip());
      buffer.clear();
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(expected)) {
      throw new InvalidCheckpointException(
          "checkpoint '"
              + id
              + "' is damaged: its file's SHA-256 is "
              + actual
              + " but "
              + expected
              + " was recorded");
    }
  }

  private static FileChannel openRecorded(UUID id, Path path) throws IOException {
    try {
      return FileChannel.open(path, READ);
    } catch (NoSuchFileException e) {
      throw new InvalidCheckpointException("checkpoint '" + id + "' has lost its file");
    }
  }

  /** Deletes a file; a failure only leaves an orphan that the janitor removes later. */
  boolean delete(Path path) {
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes a job's directory if nothing is left in it. */
  void deleteDirectoryIfEmpty(UUID jobId) {
    try {
      Files.deleteIfExists(resolve(jobId.toString()));
    } catch (IOException e) {
      // Not empty (an orphan or a save in flight) or not deletable: harmless, so left alone.
    }
  }

  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; the rename itself is still atomic.
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
