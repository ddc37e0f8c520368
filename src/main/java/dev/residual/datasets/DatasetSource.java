package dev.residual.datasets;

/** Where a dataset's files came from: for IDX datasets, which of the places searched held them. */
public enum DatasetSource {
  /** {@code residual.datasets.idx-dirs.<name>}. */
  CONFIGURED("configured"),
  /** {@code <residual.datasets.system-dir>/<name>}, where Debian's dataset packages install. */
  SYSTEM("system"),
  /** {@code <residual.data-dir>/datasets/<name>}, where downloads go. */
  DATA_DIR("data-dir"),
  /** An archive uploaded through the API. */
  UPLOAD("upload"),
  /** A folder on the server, under {@code residual.datasets.roots}. */
  SERVER_FOLDER("server-folder"),
  /** A downloadable archive (Imagenette, Imagewoof) fetched by a download job. */
  DOWNLOAD("download");

  private final String value;

  DatasetSource(String value) {
    this.value = value;
  }

  /** The name used in the API. */
  public String value() {
    return value;
  }

  static DatasetSource fromValue(String value) {
    for (DatasetSource source : values()) {
      if (source.value.equals(value)) {
        return source;
      }
    }
    throw new IllegalArgumentException("unknown dataset source " + value);
  }
}
