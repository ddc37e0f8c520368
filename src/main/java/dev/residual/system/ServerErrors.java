package dev.residual.system;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.regex.Pattern;

/**
 * What a server-side failure may tell a client: never a path on the server (a data directory, a
 * staging folder, a temp file), and whether the disk ran full, which answers 507 and not 500.
 */
public final class ServerErrors {

  /** An absolute path of two or more segments, not part of a URL or a longer word. */
  private static final Pattern ABSOLUTE_PATH =
      Pattern.compile("(?<![\\w.:/~-])/(?:[^/\\s'\"]+/)+([^/\\s'\"]*)");

  private static final int MAX_DEPTH = 16;

  private ServerErrors() {}

  /** {@code message} with every absolute path replaced by its last segment. */
  public static String redactPaths(String message) {
    return message == null ? null : ABSOLUTE_PATH.matcher(message).replaceAll("$1");
  }

  /** The message of {@code error} for a client, without server paths; its class if it has none. */
  public static String describe(Throwable error) {
    String message = error.getMessage();
    if (error instanceof FileSystemException fs) {
      message = fs.getReason() == null ? "file system error" : fs.getReason();
    }
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : redactPaths(message);
  }

  /** Whether {@code error}, or a cause of it, is a write that found the disk or quota full. */
  public static boolean isDiskFull(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (current instanceof IOException && mentionsFullDisk(current.getMessage())
          || current instanceof FileSystemException fs && mentionsFullDisk(fs.getReason())) {
        return true;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return false;
  }

  private static boolean mentionsFullDisk(String message) {
    return message != null
        && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
  }
}
