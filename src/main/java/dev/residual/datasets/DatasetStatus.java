package dev.residual.datasets;

import java.util.Locale;

/** Whether a dataset can be used now, after a download, or not at all. */
public enum DatasetStatus {
  AVAILABLE,
  DOWNLOADABLE,
  /** A download job is fetching and importing it. */
  DOWNLOADING,
  MISSING;

  /** The lowercase name used in the API. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
