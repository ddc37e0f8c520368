package dev.residual.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Posts images to a running service as a raw body or as a multipart form. */
final class PredictionClient {

  /** One part of a multipart form. */
  record Part(String field, String fileName, String contentType, byte[] bytes) {}

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  PredictionClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> raw(String path, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  HttpResponse<String> multipart(String path, List<Part> parts) {
    String boundary = "residual-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part part : parts) {
      write(body, "--" + boundary + "\r\n");
      write(
          body,
          "Content-Disposition: form-data; name=\""
              + part.field()
              + "\"; filename=\""
              + part.fileName()
              + "\"\r\n");
      write(body, "Content-Type: " + part.contentType() + "\r\n\r\n");
      body.writeBytes(part.bytes());
      write(body, "\r\n");
    }
    write(body, "--" + boundary + "--\r\n");
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build());
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
