package dev.residual.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What a downloaded archive must hash to, in one of three notations: {@code sha256:<hex>} and
 * {@code md5:<hex>} over the whole file (torchvision pins Imagenette's MD5s), or fastai's own
 * {@code fastai:<size>:<md5>}, the file size and the MD5 of its first MiB, which is all fastai
 * publishes for Imagewoof. MD5 guards against corruption, not forgery: the host allow-list and
 * https do that.
 */
public record ArchiveChecksum(String algorithm, String hex, long size) implements FileCheck {

  private static final int FASTAI_PREFIX = 1 << 20;

  public ArchiveChecksum {
    hex = hex.toLowerCase(Locale.ROOT);
  }

  public static ArchiveChecksum parse(String text) {
    String[] parts = text.trim().split(":");
    String algorithm = parts[0].toLowerCase(Locale.ROOT);
    boolean ok =
        switch (algorithm) {
          case "sha256" -> parts.length == 2 && parts[1].matches("(?i)[0-9a-f]{64}");
          case "md5" -> parts.length == 2 && parts[1].matches("(?i)[0-9a-f]{32}");
          case "fastai" ->
              parts.length == 3
                  && parts[1].matches("[0-9]{1,15}")
                  && parts[2].matches("(?i)[0-9a-f]{32}");
          default -> false;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "checksum must be sha256:<hex>, md5:<hex> or fastai:<size>:<md5>, not " + text);
    }
    return algorithm.equals("fastai")
        ? new ArchiveChecksum(algorithm, parts[2], Long.parseLong(parts[1]))
        : new ArchiveChecksum(algorithm, parts[1], -1);
  }

  @Override
  public void verify(Path file, String label) throws IOException {
    long actualSize = Files.size(file);
    if (size >= 0 && actualSize != size) {
      throw new DatasetDownloadException(
          label + ": " + actualSize + " bytes, expected " + size + " (fastai's checks)");
    }
    MessageDigest digest = digest(algorithm.equals("sha256") ? "SHA-256" : "MD5");
    long limit = algorithm.equals("fastai") ? FASTAI_PREFIX : Long.MAX_VALUE;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      long read = 0;
      int n;
      while (read < limit
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - read))) >= 0) {
        digest.update(buffer, 0, n);
        read += n;
      }
    }
    String actual = HexFormat.of().formatHex(digest.digest());
    if (!actual.equals(hex)) {
      throw new DatasetDownloadException(
          label + ": " + algorithm + " checksum is " + actual + ", expected " + hex);
    }
  }

  private static MessageDigest digest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + name, e);
    }
  }
}
