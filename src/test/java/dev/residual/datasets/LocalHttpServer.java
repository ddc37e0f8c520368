package dev.residual.datasets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK HTTP server on 127.0.0.1 serving routes that tests define; everything else is 404. */
public final class LocalHttpServer implements AutoCloseable {

  /** What the server answers for one path. */
  @FunctionalInterface
  public interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  public LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          try (exchange) {
            Route route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
              exchange.sendResponseHeaders(404, -1);
            } else {
              route.handle(exchange);
            }
          }
        });
    server.start();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public int requests() {
    return requests.get();
  }

  public LocalHttpServer route(String path, Route route) {
    routes.put(path, route);
    return this;
  }

  public LocalHttpServer bytes(String path, byte[] body) {
    return route(path, exchange -> send(exchange, body, true));
  }

  public LocalHttpServer file(String path, Path file) {
    return route(path, exchange -> send(exchange, Files.readAllBytes(file), true));
  }

  public LocalHttpServer redirect(String path, String location) {
    return route(
        path,
        exchange -> {
          exchange.getResponseHeaders().add("Location", location);
          exchange.sendResponseHeaders(302, -1);
        });
  }

  /** Sends {@code body} with a Content-Length, or chunked without one. */
  public static void send(HttpExchange exchange, byte[] body, boolean withLength)
      throws IOException {
    exchange.sendResponseHeaders(200, withLength ? body.length : 0);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
