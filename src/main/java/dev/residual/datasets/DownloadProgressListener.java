package dev.residual.datasets;

/**
 * Receives {@link DownloadProgress} on the downloading thread, at most about once per percent. An
 * exception thrown here aborts the download (and removes its partial file), which makes it a way to
 * cancel.
 */
@FunctionalInterface
public interface DownloadProgressListener {

  DownloadProgressListener NONE = progress -> {};

  void onProgress(DownloadProgress progress);
}
