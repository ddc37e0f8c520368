package dev.residual.datasets.upload;

import dev.residual.datasets.DatasetImporter;
import dev.residual.datasets.DatasetNames;
import dev.residual.datasets.DatasetProperties;
import dev.residual.datasets.DatasetSource;
import dev.residual.datasets.DatasetSummary;
import dev.residual.datasets.ServerFolders;
import dev.residual.datasets.Staging;
import dev.residual.datasets.download.DownloadProgressListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.springframework.stereotype.Service;

/**
 * Registers datasets from what clients send: an archive (multipart or a raw request body), or the
 * path of a folder on the server. Each runs on the request thread and answers once the dataset is
 * ready to train on, or refused with nothing left behind.
 */
@Service
public class DatasetUploads {

  private static final String UPLOAD = "upload.archive";

  private final DatasetNames names;
  private final DatasetImporter importer;
  private final ServerFolders serverFolders;
  private final long maxArchiveSize;

  DatasetUploads(
      DatasetNames names,
      DatasetImporter importer,
      ServerFolders serverFolders,
      DatasetProperties properties) {
    this.names = names;
    this.importer = importer;
    this.serverFolders = serverFolders;
    this.maxArchiveSize = properties.maxArchiveSize().toBytes();
  }

  DatasetSummary fromMultipart(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxArchiveSize + 64 * 1024) {
      throw UploadReceiver.tooLarge(maxArchiveSize);
    }
    try (Staging staging = importer.stage()) {
      Path archive = staging.dir().resolve(UPLOAD);
      MultipartArchiveReader.Parts parts =
          MultipartArchiveReader.read(request, archive, maxArchiveSize, names::requireNew);
      return importer.importArchive(
          staging,
          archive,
          parts.name(),
          DatasetSource.UPLOAD,
          parts.fileName(),
          DownloadProgressListener.NONE);
    }
  }

  DatasetSummary fromBody(String name, String fileName, InputStream body, long length)
      throws IOException {
    names.requireNew(name);
    if (length > maxArchiveSize) {
      throw UploadReceiver.tooLarge(maxArchiveSize);
    }
    try (Staging staging = importer.stage()) {
      Path archive = staging.dir().resolve(UPLOAD);
      UploadReceiver.receive(body, archive, maxArchiveSize);
      return importer.importArchive(
          staging,
          archive,
          name,
          DatasetSource.UPLOAD,
          fileName == null ? "body" : fileName,
          DownloadProgressListener.NONE);
    }
  }

  public DatasetSummary fromServerFolder(String name, String path) throws IOException {
    names.requireNew(name);
    Path folder = serverFolders.resolve(path);
    try (Staging staging = importer.stage()) {
      return importer.importFolder(staging, folder, name);
    }
  }
}
