package dev.residual.inference;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One blocking HTTP/1.1 keep-alive connection that posts a body and reads the whole answer, for a
 * load generator that shares the service's cores: a blocking socket per client costs a few tens of
 * microseconds of CPU per request, the JDK {@code HttpClient} (selector thread, executor hand-offs)
 * about a millisecond. Reconnects after an error or a {@code Connection: close}. Not thread-safe:
 * one per client thread.
 */
final class KeepAliveConnection implements AutoCloseable {

  private final InetSocketAddress address;
  private final byte[] head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  /** Posts to {@code target} (an {@code http} URI) with the given content type. */
  KeepAliveConnection(URI target, String contentType) {
    int port = target.getPort() < 0 ? 80 : target.getPort();
    this.address = new InetSocketAddress(target.getHost(), port);
    this.head =
        ("POST "
                + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                + " HTTP/1.1\r\nHost: "
                + target.getHost()
                + ":"
                + port
                + "\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: ")
            .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Sends {@code body} and reads the response to its end.
   *
   * @return the response's status code
   * @throws IOException if the connection fails; it is closed and the next call reconnects
   */
  int post(byte[] body) throws IOException {
    try {
      if (socket == null) {
        connect();
      }
      byte[] request = new byte[head.length + 16 + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      byte[] length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(length, 0, request, head.length, length.length);
      System.arraycopy(body, 0, request, head.length + length.length, body.length);
      out.write(request, 0, head.length + length.length + body.length);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, 5_000);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
  }

  private int readResponse() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
      throw new IOException("not an HTTP/1.1 response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closes = false;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = header.substring(0, Math.max(0, colon)).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> closes = value.contains("close");
        default -> {}
      }
    }
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        skip(size);
        line();
      }
      while (!line().isEmpty()) {
        // trailers
      }
    } else if (length >= 0) {
      skip(length);
    } else {
      closes = true; // the body ends with the connection
      in.transferTo(OutputStream.nullOutputStream());
    }
    if (closes) {
      close();
    }
    return code;
  }

  private long chunkSize() throws IOException {
    String size = line();
    int extension = size.indexOf(';');
    return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
  }

  private void skip(long bytes) throws IOException {
    in.skipNBytes(bytes);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to do about it
      }
      socket = null;
    }
  }
}
