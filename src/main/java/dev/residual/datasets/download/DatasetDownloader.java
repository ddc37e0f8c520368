package dev.residual.datasets.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Downloads one file over HTTP(S) as safely as a server should: URLs checked by the {@link
 * DownloadPolicy} (before the request and on every redirect, which must stay on the same host), the
 * body streamed to a temporary file beside the target under a size cap, its content verified, and
 * only then renamed into place atomically. On any failure the temporary file is removed.
 */
public final class DatasetDownloader {

  private static final int MAX_REDIRECTS = 5;
  private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
  private static final int BUFFER = 64 * 1024;

  private final DownloadPolicy policy;
  private final DownloadUrlGuard guard;
  private final HttpClient client;
  private final LongConsumer received;

  public DatasetDownloader(DownloadPolicy policy) {
    this(policy, bytes -> {});
  }

  /**
   * A downloader that reports every chunk of bytes it receives to {@code received}, e.g. a counter.
   */
  public DatasetDownloader(DownloadPolicy policy, LongConsumer received) {
    this.policy = policy;
    this.received = received;
    this.guard = new DownloadUrlGuard(policy);
    // Redirects are followed by hand so that each hop passes the guard.
    this.client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(policy.connectTimeout())
            .build();
  }

  /**
   * Downloads {@code uri} to {@code target}, replacing nothing unless the content matches {@code
   * expected}.
   *
   * @throws DatasetDownloadException when the URL is refused or the download fails or mismatches
   */
  public void download(
      URI uri, Path target, ExpectedContent expected, DownloadProgressListener listener)
      throws IOException {
    download(
        uri,
        target,
        policy.maxBytes(),
        "residual.datasets.max-download-size",
        (file, label) -> ContentVerifier.verify(file, label, expected),
        listener);
  }

  /**
   * Downloads {@code uri} to {@code target} if it is at most {@code maxBytes} (the limit named by
   * {@code limitKey} in messages) and passes {@code check}.
   */
  public void download(
      URI uri,
      Path target,
      long maxBytes,
      String limitKey,
      FileCheck check,
      DownloadProgressListener listener)
      throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Files.createDirectories(directory);
    String name = target.getFileName().toString();
    Path partial = Files.createTempFile(directory, "." + name + ".", ".part");
    boolean moved = false;
    try {
      HttpResponse<InputStream> response = fetch(uri);
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      try (InputStream body = response.body()) {
        if (total > maxBytes) {
          throw tooLarge(uri, maxBytes, limitKey);
        }
        copy(uri, body, partial, name, total, maxBytes, limitKey, listener);
      }
      listener.onPhase("verifying");
      check.verify(partial, uri.toString());
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(partial);
      }
    }
  }

  private HttpResponse<InputStream> fetch(URI uri) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      guard.check(current);
      HttpRequest request =
          HttpRequest.newBuilder(current).timeout(policy.responseTimeout()).GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("download of " + uri + " interrupted");
      }
      int status = response.statusCode();
      if (status == 200) {
        return response;
      }
      response.body().close();
      if (!REDIRECTS.contains(status)) {
        throw new DatasetDownloadException(
            current + ": server answered HTTP " + status + (status == 404 ? " (not found)" : ""));
      }
      if (hop == MAX_REDIRECTS) {
        throw new DatasetDownloadException(uri + ": more than " + MAX_REDIRECTS + " redirects");
      }
      current =
          redirectTarget(uri, current, response.headers().firstValue("Location").orElse(null));
    }
  }

  /** Where a redirect from {@code current} leads, if it stays on {@code origin}'s host. */
  static URI redirectTarget(URI origin, URI current, String location)
      throws DatasetDownloadException {
    if (location == null) {
      throw new DatasetDownloadException(current + ": redirect without Location");
    }
    URI next;
    try {
      next = current.resolve(location);
    } catch (IllegalArgumentException e) {
      throw new DatasetDownloadException(current + ": redirect to a malformed URL", e);
    }
    if (!DownloadUrlGuard.host(next).equals(DownloadUrlGuard.host(origin))) {
      throw new DatasetDownloadException(
          origin + ": redirect to another host (" + next.getHost() + ") refused");
    }
    if ("https".equalsIgnoreCase(current.getScheme())
        && !"https".equalsIgnoreCase(next.getScheme())) {
      throw new DatasetDownloadException(origin + ": redirect from https to " + next + " refused");
    }
    return next;
  }

  private void copy(
      URI uri,
      InputStream body,
      Path partial,
      String name,
      long total,
      long maxBytes,
      String limitKey,
      DownloadProgressListener listener)
      throws IOException {
    listener.onProgress(DownloadProgress.of(name, 0, total));
    long bytes = 0;
    long reported = 0;
    long step = total > 0 ? Math.max(total / 100, 1) : 1 << 20;
    byte[] buffer = new byte[BUFFER];
    try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (Thread.interrupted()) {
          throw new InterruptedIOException("download of " + uri + " interrupted");
        }
        bytes += n;
        received.accept(n);
        if (bytes > maxBytes) {
          throw tooLarge(uri, maxBytes, limitKey);
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        if (bytes - reported >= step) {
          listener.onProgress(DownloadProgress.of(name, bytes, total));
          reported = bytes;
        }
      }
      // On disk before the rename, so that a crash never leaves a complete-looking empty file.
      out.force(true);
    }
    if (total >= 0 && bytes != total) {
      throw new DatasetDownloadException(uri + ": got " + bytes + " of " + total + " bytes");
    }
    if (reported != bytes || total < 0) {
      // The last report says 100% even when the server never sent a length.
      listener.onProgress(DownloadProgress.of(name, bytes, bytes));
    }
  }

  private static DatasetDownloadException tooLarge(URI uri, long maxBytes, String limitKey) {
    return new DatasetDownloadException(
        uri + ": larger than " + limitKey + " (" + maxBytes + " bytes)");
  }
}
