package dev.residual.datasets.download;

import java.io.IOException;

/**
 * A download that was refused (scheme, host, address, redirect) or failed (HTTP status, size,
 * checksum). Nothing is left behind in the target directory when it is thrown.
 */
public class DatasetDownloadException extends IOException {

  DatasetDownloadException(String message) {
    super(message);
  }

  DatasetDownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
