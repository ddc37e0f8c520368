package dev.residual.datasets;

/** Which of the places searched, in this order, a dataset's files were found in. */
public enum DatasetSource {
  /** {@code residual.datasets.idx-dirs.<name>}. */
  CONFIGURED("configured"),
  /** {@code <residual.datasets.system-dir>/<name>}, where Debian's dataset packages install. */
  SYSTEM("system"),
  /** {@code <residual.data-dir>/datasets/<name>}, where downloads go. */
  DATA_DIR("data-dir");

  private final String value;

  DatasetSource(String value) {
    this.value = value;
  }

  /** The name used in the API. */
  public String value() {
    return value;
  }
}
