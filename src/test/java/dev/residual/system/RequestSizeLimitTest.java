package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A JSON body over 1 MiB is refused with 413 before it is parsed, whether its length is declared or
 * it comes in chunks; nothing is queued and the service stays healthy.
 */
@ResidualIntegrationTest
class RequestSizeLimitTest {

  @LocalServerPort int port;

  @Test
  void aJsonBodyOverOneMebibyteIs413WhetherDeclaredOrChunked() {
    Http http = new Http(port);
    long before = jobs(http);
    String padding = " ".repeat(2 << 20);
    String body =
        "{\"dataset\": \"fashion-mnist\", \"architecture\": \"resnet18\", \"epochs\": 1}" + padding;

    HttpResponse<String> declared = http.post("/api/v1/training-jobs", body);
    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
    assertThat(declared.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> chunked =
        http.send(
            HttpRequest.newBuilder(http.uri("/api/v1/training-jobs"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build());
    assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
    assertThat(chunked.body()).contains("at most 1048576 bytes");

    assertThat(jobs(http)).isEqualTo(before);
    assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    String summary =
        "{\"architecture\": \"resnet18\", \"inputShape\": [1, 28, 28], \"numClasses\": 10}";
    assertThat(http.post("/api/v1/architectures/summary", summary).statusCode()).isEqualTo(200);
  }

  private static long jobs(Http http) {
    String body = http.get("/api/v1/training-jobs").body();
    return Long.parseLong(body.replaceAll(".*\"total\":(\\d+).*", "$1"));
  }
}
