package dev.residual.datasets.download;

import java.util.LinkedHashMap;
import java.util.Map;

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
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("file", progress.file());
    data.put("bytes", progress.bytes());
    data.put("total", progress.total());
    data.put("percent", round(progress.percent()));
    data.put("bytesPerSecond", Math.round(rate));
    data.put(
        "etaSeconds",
        progress.total() > 0 && rate > 0
            ? round((progress.total() - progress.bytes()) / rate)
            : null);
    job.append("progress", data);
  }

  @Override
  public void onPhase(String phase) {
    job.append("phase", Map.of("phase", phase));
  }

  @Override
  public void onImages(int done, int total) {
    job.append(
        "decode", Map.of("images", done, "total", total, "percent", round(100.0 * done / total)));
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
