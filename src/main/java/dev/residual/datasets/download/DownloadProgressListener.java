package dev.residual.datasets.download;

/**
 * Receives {@link DownloadProgress} on the downloading thread, at most about once per percent. An
 * exception thrown here aborts the download (and removes its partial file), which makes it a way to
 * cancel. Archive downloads also report their later phases (verifying, extracting, decoding,
 * registering) and the decoding's progress, possibly from decoder threads.
 */
@FunctionalInterface
public interface DownloadProgressListener {

  DownloadProgressListener NONE = progress -> {};

  void onProgress(DownloadProgress progress);

  /** A new phase of the job has started. */
  default void onPhase(String phase) {}

  /** {@code done} of {@code total} images decoded; called from decoder threads. */
  default void onImages(int done, int total) {}
}
