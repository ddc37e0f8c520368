package dev.residual.datasets.download;

import dev.residual.datasets.idx.IdxReader;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Checks a file's content (decompressed when it is gzip) against an {@link ExpectedContent}. It
 * stops reading one byte past the expected size, so a decompression bomb costs no more than the
 * real file would.
 */
public final class ContentVerifier {

  private static final int BUFFER = 64 * 1024;

  private ContentVerifier() {}

  static void verify(Path file, String label, ExpectedContent expected)
      throws DatasetDownloadException, IOException {
    MessageDigest sha256 = sha256();
    long size = 0;
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        InputStream content =
            IdxReader.startsWithGzipMagic(raw) ? new GZIPInputStream(raw, BUFFER) : raw) {
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = content.read(buffer)) >= 0) {
        size += n;
        if (size > expected.size()) {
          throw new DatasetDownloadException(
              label + ": content is larger than the expected " + expected.size() + " bytes");
        }
        sha256.update(buffer, 0, n);
      }
    } catch (ZipException | EOFException e) {
      throw new DatasetDownloadException(label + ": gzip stream is truncated or corrupt", e);
    }
    if (size != expected.size()) {
      throw new DatasetDownloadException(
          label + ": content is " + size + " bytes, expected " + expected.size());
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(expected.sha256())) {
      throw new DatasetDownloadException(
          label + ": SHA-256 of the content is " + actual + ", expected " + expected.sha256());
    }
  }

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
