package dev.residual.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP client reads whole answers and keeps its connection. */
class KeepAliveConnectionTest {

  private HttpServer server;
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final Set<Object> connections = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          connections.add(exchange.getRemoteAddress());
          boolean chunked = exchange.getRequestURI().getPath().endsWith("chunked");
          byte[] answer = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
          int status = exchange.getRequestURI().getPath().startsWith("/missing") ? 404 : 200;
          exchange.sendResponseHeaders(status, chunked ? 0 : answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  @Test
  void readsSizedAndChunkedAnswersOnOneConnection() throws Exception {
    try (KeepAliveConnection sized = new KeepAliveConnection(uri("/sized"), "image/png");
        KeepAliveConnection chunked = new KeepAliveConnection(uri("/chunked"), "image/png")) {
      for (int i = 0; i < 3; i++) {
        assertThat(sized.post(("s" + i).getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
        assertThat(chunked.post(("c" + i).getBytes(StandardCharsets.UTF_8))).isEqualTo(200);
      }
    }
    assertThat(bodies).containsExactly("s0", "c0", "s1", "c1", "s2", "c2");
    // Each client kept its connection for all three requests.
    assertThat(connections).hasSize(2);
  }

  @Test
  void returnsTheStatusOfAnError() throws Exception {
    try (KeepAliveConnection connection = new KeepAliveConnection(uri("/missing"), "image/png")) {
      assertThat(connection.post(new byte[] {1, 2, 3})).isEqualTo(404);
      assertThat(connection.post(new byte[] {4})).isEqualTo(404);
    }
  }
}
