package dev.residual.datasets.download;

import java.util.Locale;
import java.util.Objects;

/**
 * What a downloaded file must contain: the size and lowercase-hex SHA-256 of its content, which for
 * a gzip-compressed file means the decompressed bytes.
 */
public record ExpectedContent(long size, String sha256) {

  public ExpectedContent {
    Objects.requireNonNull(sha256, "sha256");
    if (size < 0 || !sha256.matches("(?i)[0-9a-f]{64}")) {
      throw new IllegalArgumentException("need a size >= 0 and a 64-digit hex SHA-256");
    }
    sha256 = sha256.toLowerCase(Locale.ROOT);
  }
}
