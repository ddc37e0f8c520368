package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.support.Http;
import dev.residual.support.ResidualIntegrationTest;
import dev.residual.support.SseClient;
import dev.residual.support.SseClient.Event;
import dev.residual.support.TestImages;
import dev.residual.system.ResidualProperties;
import java.awt.Color;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imagenette as the service would fetch it, from a local server: a generated tgz in the real layout
 * ({@code imagenette2-160/{train,val}/<wnid>/*.JPEG} and {@code noisy_imagenette.csv}) downloads as
 * a job with progress events, passes its checksum, registers and trains. A wrong checksum fails the
 * job and leaves nothing behind.
 */
@ResidualIntegrationTest
class ImagenetteDownloadIT {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final byte[] ARCHIVE = imagenetteArchive();
  static final LocalHttpServer SERVER = start();

  @LocalServerPort int port;
  @Autowired ResidualProperties residual;

  @DynamicPropertySource
  static void mirror(DynamicPropertyRegistry registry) {
    registry.add("residual.datasets.allowed-hosts", () -> "127.0.0.1");
    registry.add("residual.datasets.allow-private-addresses", () -> "true");
    registry.add(
        "residual.datasets.base-urls.imagenette-160", () -> SERVER.uri("/fast-ai-imageclas/"));
    registry.add("residual.datasets.checksums.imagenette-160", () -> "sha256:" + sha256(ARCHIVE));
    registry.add("residual.datasets.base-urls.imagewoof-160", () -> SERVER.uri("/woof/"));
    registry.add("residual.datasets.checksums.imagewoof-160", () -> "md5:" + "0".repeat(32));
  }

  @AfterAll
  static void stop() {
    SERVER.close();
  }

  @Test
  void downloadsWithProgressVerifiesRegistersAndTrains() throws Exception {
    Http http = new Http(port);
    assertThat(
            JSON.readTree(http.get("/api/v1/datasets/imagenette-160").body())
                .get("status")
                .asString())
        .isEqualTo("downloadable");

    var started = http.post("/api/v1/datasets/imagenette-160/download", "");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(started.headers().firstValue("Location"))
        .hasValue("/api/v1/datasets/imagenette-160/download/events");
    List<Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/datasets/imagenette-160/download/events"),
            null,
            Duration.ofMinutes(2));

    List<String> phases = new ArrayList<>();
    events.stream()
        .filter(e -> e.type().equals("phase"))
        .forEach(e -> phases.add(JSON.readTree(e.data()).get("phase").asString()));
    assertThat(phases)
        .containsExactly(
            "queued", "downloading", "verifying", "extracting", "decoding", "registering");
    List<JsonNode> progress =
        events.stream()
            .filter(e -> e.type().equals("progress"))
            .map(e -> JSON.readTree(e.data()))
            .toList();
    assertThat(progress.size()).isGreaterThan(5);
    JsonNode last = progress.get(progress.size() - 1);
    assertThat(last.get("percent").asDouble()).isEqualTo(100.0);
    assertThat(last.get("bytes").asLong()).isEqualTo(ARCHIVE.length);
    assertThat(last.get("file").asString()).isEqualTo("imagenette2-160.tgz");
    assertThat(progress.get(1).has("etaSeconds")).isTrue();
    assertThat(progress.get(1).has("bytesPerSecond")).isTrue();
    assertThat(events.stream().filter(e -> e.type().equals("decode"))).isNotEmpty();
    Event done = events.get(events.size() - 1);
    assertThat(done.type()).as(done.data()).isEqualTo("done");
    assertThat(events).extracting(Event::id).isSorted().doesNotHaveDuplicates();

    JsonNode dataset = JSON.readTree(http.get("/api/v1/datasets/imagenette-160").body());
    assertThat(dataset.get("status").asString()).isEqualTo("available");
    assertThat(dataset.get("source").asString()).isEqualTo("download");
    assertThat(dataset.get("layout").asString()).isEqualTo("split");
    assertThat(dataset.get("trainSize").asInt()).isEqualTo(60);
    assertThat(dataset.get("validSize").asInt()).isEqualTo(20);
    assertThat(dataset.get("skippedFiles").asInt()).as("noisy_imagenette.csv").isEqualTo(1);
    assertThat(dataset.get("classes").get(0).asString()).isEqualTo("n01440764");
    assertThat(http.post("/api/v1/datasets/imagenette-160/download", "").statusCode())
        .isEqualTo(200);

    var job =
        http.post(
            "/api/v1/training-jobs",
            "{\"dataset\": \"imagenette-160\", \"architecture\": {\"stem\": [8, 8, 16],"
                + " \"widths\": [16, 32], \"blocks\": [1, 1]}, \"imageSize\": 32, \"epochs\": 1,"
                + " \"batchSize\": 20, \"seed\": 3, \"keepCheckpoints\": 1}");
    assertThat(job.statusCode()).as(job.body()).isEqualTo(202);
    String id = JSON.readTree(job.body()).get("id").asString();
    List<Event> training =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/training-jobs/" + id + "/events"),
            null,
            Duration.ofMinutes(2));
    JsonNode finished = JSON.readTree(training.get(training.size() - 1).data());
    assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
  }

  @Test
  void aChecksumMismatchFailsTheJobAndLeavesNothing() throws Exception {
    SERVER.bytes("/woof/imagewoof2-160.tgz", ARCHIVE);
    Http http = new Http(port);

    assertThat(http.post("/api/v1/datasets/imagewoof-160/download", "").statusCode())
        .isEqualTo(202);
    List<Event> events =
        SseClient.readAll(
            http.client(),
            http.uri("/api/v1/datasets/imagewoof-160/download/events"),
            null,
            Duration.ofMinutes(1));

    Event failed = events.get(events.size() - 1);
    assertThat(failed.type()).isEqualTo("failed");
    assertThat(JSON.readTree(failed.data()).get("reason").asString()).contains("md5 checksum is");
    assertThat(
            JSON.readTree(http.get("/api/v1/datasets/imagewoof-160").body())
                .get("status")
                .asString())
        .isEqualTo("downloadable");
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.list(residual.datasetsDir())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .doesNotContain("imagewoof-160")
          .noneMatch(name -> name.startsWith(".staging"));
    }
  }

  private static LocalHttpServer start() {
    try {
      LocalHttpServer server = new LocalHttpServer();
      server.bytes("/fast-ai-imageclas/imagenette2-160.tgz", ARCHIVE);
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Ten classes, one colour each, 6 training and 2 validation JPEGs of 48×40 per class. */
  static byte[] imagenetteArchive() {
    List<TestArchives.Entry> entries = new ArrayList<>();
    // Random bytes that gzip cannot shrink, so that the download takes several reads.
    byte[] noise = new byte[600_000];
    new java.util.Random(4).nextBytes(noise);
    entries.add(TestArchives.Entry.file("imagenette2-160/noisy_imagenette.csv", noise));
    for (int c = 0; c < ArchiveDatasets.IMAGENETTE.size(); c++) {
      String wnid = ArchiveDatasets.IMAGENETTE.get(c);
      Color color = Color.getHSBColor(c / 10f, 0.9f, 0.9f);
      for (int i = 0; i < 8; i++) {
        String split = i < 6 ? "train" : "val";
        entries.add(
            TestArchives.Entry.file(
                "imagenette2-160/" + split + "/" + wnid + "/" + wnid + "_" + i + ".JPEG",
                TestImages.solid(48, 40, color, "jpeg")));
      }
    }
    return TestArchives.tgz(entries.toArray(TestArchives.Entry[]::new));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
