package dev.residual.datasets.upload;

import dev.residual.datasets.archive.Rejections;
import dev.residual.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.servlet.ServletRequestContext;

/**
 * Reads a {@code multipart/form-data} upload ({@code name} and {@code archive}) as a stream, the
 * archive going straight to disk. It uses the streaming API of Commons FileUpload as embedded in
 * Tomcat, because the servlet container's own part handling applies one per-file limit to every
 * endpoint and would need the service-wide limit raised to archive size. {@link UploadFilter} keeps
 * Spring from parsing the body first.
 */
final class MultipartArchiveReader {

  /**
   * The parts of an upload: the dataset name, and the archive's file name as the client sent it.
   */
  record Parts(String name, String fileName) {}

  private static final int MAX_NAME_BYTES = 256;

  private MultipartArchiveReader() {}

  static Parts read(
      HttpServletRequest request, Path archive, long maxBytes, UnaryOperator<String> nameCheck)
      throws IOException {
    String name = null;
    String fileName = null;
    try {
      FileItemIterator items = new FileUpload().getItemIterator(new ServletRequestContext(request));
      while (items.hasNext()) {
        FileItemStream item = items.next();
        String field = item.getFieldName();
        try (InputStream in = item.openStream()) {
          if (item.isFormField() && "name".equals(field)) {
            name = nameCheck.apply(small(in));
          } else if (!item.isFormField() && "archive".equals(field) && fileName == null) {
            fileName = item.getName() == null ? "archive" : item.getName();
            UploadReceiver.receive(in, archive, maxBytes);
          } else {
            throw InvalidRequestException.field(
                String.valueOf(field), "unexpected part; send 'name' and one 'archive' file");
          }
        }
      }
    } catch (FileUploadException e) {
      throw Rejections.invalid("malformed multipart body (" + e.getMessage() + ")");
    }
    if (name == null) {
      throw InvalidRequestException.field("name", "is required");
    }
    if (fileName == null) {
      throw InvalidRequestException.field(
          "archive", "is required (a .zip, .tar, .tar.gz or .tgz file)");
    }
    return new Parts(name, fileName);
  }

  private static String small(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_NAME_BYTES + 1);
    if (bytes.length > MAX_NAME_BYTES) {
      throw InvalidRequestException.field("name", "is too long");
    }
    return new String(bytes, StandardCharsets.UTF_8).trim();
  }
}
