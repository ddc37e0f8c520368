package dev.residual.datasets.download;

/**
 * Turns a download's callbacks into a job's events, adding the transfer rate and an ETA to byte
 * progress and a percentage to decoding progress.
 */
final class DownloadProgressEvents implements DownloadProgressListener {

  private final DownloadJob job;
  private long startNanos = -1;
  private String file;

  DownloadProgressEvents(DownloadJob job) {
    this.job = job;
  }

  @Override
  public void onProgress(DownloadProgress progress) {
    long now = System.nanoTime();
    if (startNanos < 0 || !progress.file().equals(file)) {
      startNanos = now;
      file = progress.file();
    }
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    double rate = progress.bytes() / seconds;
    job.append(
        DownloadEventData.PROGRESS,
        new DownloadEventData.Progress(
            progress.file(),
            progress.bytes(),
            progress.total(),
            round(progress.percent()),
            Math.round(rate),
            progress.total() > 0 && rate > 0
                ? round((progress.total() - progress.bytes()) / rate)
                : null));
  }

  @Override
  public void onPhase(String phase) {
    job.append(DownloadEventData.PHASE, new DownloadEventData.Phase(phase));
  }

  @Override
  public void onImages(int done, int total) {
    job.append(
        DownloadEventData.DECODE,
        new DownloadEventData.Decode(done, total, round(100.0 * done / total)));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
