package dev.residual.datasets.download;

/**
 * How far the download of one file has got. {@code total} and {@code percent} are -1 while the
 * server has not said how long the file is.
 */
public record DownloadProgress(String file, long bytes, long total, double percent) {

  static DownloadProgress of(String file, long bytes, long total) {
    return new DownloadProgress(file, bytes, total, total > 0 ? 100.0 * bytes / total : -1);
  }
}
