package dev.residual.datasets.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an archive entry's name into a safe relative path, or refuses it. The name is judged as
 * text before any file system sees it: absolute paths, drive letters, UNC paths and any {@code ..}
 * segment are refused outright (rather than normalised away), so that no entry can name a place
 * outside the extraction directory, including a sibling that merely shares its prefix ({@code
 * ../data-evil/x}). Backslashes count as separators, as Windows tools write them.
 */
final class EntryNames {

  static final int MAX_LENGTH = 1024;

  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private EntryNames() {}

  /** The normalised relative path, {@code ""} for the root itself. */
  static String safeRelative(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw Rejections.invalid("archive entry with an empty name");
    }
    String shown = printable(raw);
    if (raw.length() > MAX_LENGTH) {
      throw Rejections.invalid("archive entry name longer than " + MAX_LENGTH + ": " + shown);
    }
    for (int i = 0; i < raw.length(); i++) {
      if (Character.isISOControl(raw.charAt(i))) {
        throw Rejections.invalid("archive entry name with a control character: " + shown);
      }
    }
    String name = raw.replace('\\', '/');
    if (name.startsWith("/")) {
      throw Rejections.invalid("archive entry with an absolute path: " + shown);
    }
    if (DRIVE.matcher(name).matches()) {
      throw Rejections.invalid("archive entry with a drive letter: " + shown);
    }
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw Rejections.invalid("archive entry escapes the dataset directory (..): " + shown);
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return String.join("/", segments);
  }

  /** Whether any segment is hidden or macOS metadata: never a dataset image. */
  static boolean isMetadata(String relative) {
    for (String segment : relative.split("/")) {
      if (segment.startsWith(".") || segment.equals("__MACOSX")) {
        return true;
      }
    }
    return false;
  }

  /** The name as it may be shown in a message: bounded, without control characters. */
  static String printable(String raw) {
    String cut = raw.length() > 200 ? raw.substring(0, 200) + "…" : raw;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
