package dev.residual.datasets;

import static dev.residual.datasets.TestArchives.Entry.file;
import static dev.residual.datasets.TestArchives.Entry.hardlink;
import static dev.residual.datasets.TestArchives.Entry.symlink;
import static dev.residual.datasets.TestArchives.Entry.zeros;
import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.datasets.TestArchives.Entry;
import dev.residual.datasets.images.ImageDecoder;
import dev.residual.datasets.images.ImageFolderDatasets;
import dev.residual.support.Http;
import dev.residual.support.TestImages;
import dev.residual.system.ResidualProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.Color;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads over real HTTP: every hostile archive of REFERENCE §6 is refused with its reason and
 * leaves nothing on disk or in the registry; good ones register, list, load from the cache and
 * delete. Limits are lowered so that the hostile archives stay small.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.workers=0",
      "residual.datasets.max-archive-size=3MB",
      // An upload refused on its Content-Length is not read: let Tomcat drain it rather than
      // reset the connection, so that the test client reliably reads the 413.
      "server.tomcat.max-swallow-size=16MB",
      "residual.datasets.archive.max-entries=60",
      "residual.datasets.archive.max-entry-size=1MB",
      "residual.datasets.archive.max-total-size=2MB",
      "residual.datasets.roots=${java.io.tmpdir}/residual-roots-h7"
    })
class DatasetUploadApiTest {

  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Path ROOTS = Path.of(System.getProperty("java.io.tmpdir"), "residual-roots-h7");

  @LocalServerPort int port;
  @Autowired ResidualProperties residual;
  @Autowired JdbcClient jdbc;
  @Autowired DatasetCatalog catalog;
  @Autowired ImageFolderDatasets folders;
  @Autowired ImageDecoder decoder;
  @Autowired MeterRegistry meters;

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void refusesHostileUploadsWithTheReasonAndLeavesNothingBehind(
      String name, byte[] archive, int status, String reason) throws Exception {
    String dataset = "hostile-" + Math.abs(name.hashCode());
    for (boolean multipart : new boolean[] {true, false}) {
      HttpResponse<String> response =
          multipart ? multipart(dataset, "upload.zip", archive) : raw(dataset, archive);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(reason);
      assertThat(listing(residual.datasetsDir())).as("files left behind").isEmpty();
      assertThat(jdbc.sql("select count(*) from dataset").query(Long.class).single()).isZero();
      assertThat(new Http(port).get("/api/v1/datasets/" + dataset).statusCode()).isEqualTo(404);
    }
  }

  static Stream<Arguments> hostile() {
    Entry[] good = TestArchives.files(TestImages.shapes(2, 16, 1), "");
    byte[] random = new byte[1_100_000];
    new Random(3).nextBytes(random);
    Entry[] many = new Entry[61];
    Arrays.setAll(many, i -> file("a/" + i + ".png", new byte[] {1}));
    byte[] zip = TestArchives.zip(good);
    return Stream.of(
        bad(
            "zip-slip ../",
            TestArchives.zip(with(good, file("circle/../../evil.png", png()))),
            "escapes the dataset directory"),
        bad(
            "sibling prefix ../datasets-evil/x",
            TestArchives.zip(with(good, file("../datasets-evil/x.png", png()))),
            "escapes"),
        bad(
            "absolute path",
            TestArchives.tar(with(good, file("/tmp/evil.png", png()))),
            "absolute path"),
        bad(
            "drive letter",
            TestArchives.zip(with(good, file("C:\\evil.png", png()))),
            "drive letter"),
        bad(
            "symbolic link",
            TestArchives.tgz(with(good, symlink("circle/link.png", "/etc/passwd"))),
            "symbolic link"),
        bad(
            "hard link",
            TestArchives.tar(with(good, hardlink("circle/link.png", "/etc/passwd"))),
            "hard link"),
        bad(
            "duplicate entry",
            TestArchives.zip(with(good, file("circle/0.png", png()))),
            "duplicate entry"),
        bad("truncated zip", Arrays.copyOf(zip, zip.length - 30), "truncated or corrupt"),
        bad("not an archive", png(), "not a zip, tar or tar.gz"),
        bad(
            "GIF named .jpg",
            TestArchives.zip(with(good, file("circle/x.jpg", gif()))),
            "circle/x.jpg is a GIF image, not a JPEG"),
        bad(
            "executable named .jpg",
            TestArchives.zip(with(good, file("circle/x.jpg", TestImages.executable()))),
            "circle/x.jpg is not a JPEG image"),
        bad(
            "truncated JPEG",
            TestArchives.zip(with(good, file("circle/x.jpg", TestImages.truncatedJpeg(0.6)))),
            "circle/x.jpg is truncated or corrupt"),
        bad(
            "class without images",
            TestArchives.zip(with(good, file("hexagon/notes.txt", png()))),
            "class 'hexagon' has no images"),
        tooLarge(
            "zip bomb",
            TestArchives.zip(with(good, zeros("circle/bomb.png", 900_000))),
            "decompression bomb"),
        tooLarge(
            "tgz bomb",
            TestArchives.tgz(with(good, zeros("circle/bomb.png", 900_000))),
            "decompression bomb"),
        tooLarge(
            "entry over 1 MB",
            TestArchives.zip(with(good, file("circle/big.png", random))),
            "larger than 1048576 bytes"),
        tooLarge(
            "total over 2 MB",
            TestArchives.tar(
                with(
                    good,
                    file("circle/a.png", Arrays.copyOf(random, 700_000)),
                    file("circle/b.png", Arrays.copyOf(random, 700_000)),
                    file("circle/c.png", Arrays.copyOf(random, 700_000)))),
            "archive expands to more than"),
        tooLarge("too many entries", TestArchives.zip(many), "entries, more than 60"),
        tooLarge(
            "PNG declaring 65535×65535",
            TestArchives.zip(
                with(good, file("circle/x.png", TestImages.pngHeaderOnly(65535, 65535)))),
            "65535×65535 pixels"),
        tooLarge("upload over 3 MB", new byte[(3 << 20) + 1024], "max-archive-size"));
  }

  @Test
  void uploadsListsLoadsFromTheCacheAndDeletes() throws Exception {
    Http http = new Http(port);
    byte[] archive = TestArchives.zip(TestArchives.files(TestImages.shapes(10, 24, 2), "shapes/"));
    long decodedBefore = decoder.decodedCount();

    double importedBefore = meters.get("residual.dataset.import").counter().count();

    HttpResponse<String> created = multipart("shapes-a", "shapes.zip", archive);
    double imported = meters.get("residual.dataset.import").counter().count() - importedBefore;
    HttpResponse<String> again = raw("shapes-a", archive);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/datasets/shapes-a");
    JsonNode body = JSON.readTree(created.body());
    assertThat(body.get("kind").asString()).isEqualTo("image-folder");
    assertThat(body.get("status").asString()).isEqualTo("available");
    assertThat(body.get("source").asString()).isEqualTo("upload");
    assertThat(body.get("layout").asString()).isEqualTo("class-folders");
    assertThat(body.get("classes").toString()).isEqualTo("[\"circle\",\"square\",\"triangle\"]");
    assertThat(body.get("imageShape").toString()).isEqualTo("[3,24,24]");
    assertThat(body.get("trainSize").asInt() + body.get("validSize").asInt()).isEqualTo(30);
    assertThat(body.get("validSize").asInt()).isEqualTo(6);
    assertThat(body.get("imageStats").get("maxWidth").asInt()).isEqualTo(24);
    assertThat(body.get("mean").size()).isEqualTo(3);
    assertThat(body.get("origin").asString()).isEqualTo("shapes.zip");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(imported).as("the archive's bytes").isEqualTo(archive.length);
    assertThat(http.get("/api/v1/datasets").body()).contains("\"shapes-a\"", "\"imagenette-160\"");
    long decodedByUpload = decoder.decodedCount() - decodedBefore;
    assertThat(decodedByUpload).isEqualTo(30);

    // The upload built the cache: loading it decodes nothing.
    folders.evict("shapes-a");
    LabeledDataset loaded = catalog.load("shapes-a");
    assertThat(loaded.train().count()).isEqualTo(24);
    assertThat(decoder.decodedCount() - decodedBefore).isEqualTo(decodedByUpload);
    // A lost cache is rebuilt once, then read again.
    Files.delete(ImageFolderDatasets.cacheFile(folders.directory("shapes-a"), "train"));
    folders.evict("shapes-a");
    assertThat(catalog.load("shapes-a").train().pixels()).isEqualTo(loaded.train().pixels());
    folders.evict("shapes-a");
    catalog.load("shapes-a");
    assertThat(decoder.decodedCount() - decodedBefore).isEqualTo(2 * decodedByUpload);

    String job =
        JSON.readTree(
                http.post(
                        "/api/v1/training-jobs",
                        "{\"dataset\": \"shapes-a\", \"architecture\": \"resnet18\", \"epochs\":"
                            + " 1}")
                    .body())
            .get("id")
            .asString();
    HttpResponse<String> inUse = http.delete("/api/v1/datasets/shapes-a");
    assertThat(inUse.statusCode()).isEqualTo(409);
    assertThat(inUse.body()).contains("training job " + job);
    http.post("/api/v1/training-jobs/" + job + "/cancel", "{}");
    assertThat(http.delete("/api/v1/datasets/shapes-a").statusCode()).isEqualTo(204);
    assertThat(http.get("/api/v1/datasets/shapes-a").statusCode()).isEqualTo(404);
    assertThat(listing(residual.datasetsDir())).isEmpty();
    assertThat(http.delete("/api/v1/datasets/mnist").statusCode()).isEqualTo(409);
  }

  @Test
  void registersServerFoldersOnlyUnderTheConfiguredRoots() throws IOException {
    Http http = new Http(port);
    Path root = Files.createDirectories(ROOTS);
    Path folder = root.resolve("pets-" + System.nanoTime());
    for (String pet : new String[] {"cat", "dog"}) {
      for (int i = 0; i < 5; i++) {
        Path image = folder.resolve(pet).resolve(i + ".jpg");
        Files.createDirectories(image.getParent());
        Files.write(
            image, TestImages.solid(20, 20, pet.equals("cat") ? Color.RED : Color.BLUE, "jpeg"));
      }
    }
    Path outside = Files.createTempDirectory("residual-outside");
    Path escape = Files.createSymbolicLink(root.resolve("escape-" + System.nanoTime()), outside);

    var created = registerFolder(http, "pets", folder.toString());
    var sibling = registerFolder(http, "sibling", root + "-evil/x");
    var dotted = registerFolder(http, "dotted", root + "/../" + outside.getFileName());
    var linked = registerFolder(http, "linked", escape.toString());
    var relative = registerFolder(http, "relative", "pets");
    var missing = registerFolder(http, "missing", root.resolve("none").toString());

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(JSON.readTree(created.body()).get("source").asString()).isEqualTo("server-folder");
    assertThat(JSON.readTree(created.body()).has("origin"))
        .as("server paths stay private")
        .isFalse();
    assertThat(sibling.statusCode()).isEqualTo(403);
    assertThat(dotted.statusCode()).isEqualTo(403);
    assertThat(linked.statusCode()).as(linked.body()).isEqualTo(403);
    assertThat(linked.body()).contains("symbolic link");
    assertThat(relative.statusCode()).isEqualTo(400);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(http.delete("/api/v1/datasets/pets").statusCode()).isEqualTo(204);
    assertThat(folder.resolve("cat/0.jpg")).as("a server folder's images are not ours").exists();
  }

  @Test
  void refusesBadAndTakenNames() {
    Http http = new Http(port);
    var bad = raw("../etc", new byte[] {1});
    var builtIn = raw("mnist", new byte[] {1});
    var archiveName = raw("imagenette-160", new byte[] {1});

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"field\":\"name\"");
    assertThat(builtIn.statusCode()).isEqualTo(409);
    assertThat(archiveName.statusCode()).isEqualTo(409);
    assertThat(http.get("/api/v1/datasets/%2e%2e%2fetc").statusCode()).isIn(400, 404);
  }

  private HttpResponse<String> registerFolder(Http http, String name, String path) {
    return http.post(
        "/api/v1/datasets", "{\"name\": \"" + name + "\", \"path\": \"" + path + "\"}");
  }

  private HttpResponse<String> raw(String name, byte[] archive) {
    Http http = new Http(port);
    return send(
        http,
        HttpRequest.newBuilder(http.uri("/api/v1/datasets?name=" + name))
            .header("Content-Type", "application/octet-stream")
            .POST(HttpRequest.BodyPublishers.ofByteArray(archive))
            .build());
  }

  private HttpResponse<String> multipart(String name, String fileName, byte[] archive) {
    Http http = new Http(port);
    String boundary = "residual-" + System.nanoTime();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                + name
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"archive\";"
                + " filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes();
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
    return send(
        http,
        HttpRequest.newBuilder(http.uri("/api/v1/datasets"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(head, archive, tail)))
            .build());
  }

  private static HttpResponse<String> send(Http http, HttpRequest request) {
    try {
      return http.client().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Entry[] with(Entry[] good, Entry... more) {
    return Stream.concat(Arrays.stream(good), Arrays.stream(more)).toArray(Entry[]::new);
  }

  private static byte[] png() {
    return TestImages.solid(4, 4, Color.GREEN, "png");
  }

  private static byte[] gif() {
    return TestImages.encode(
        new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_3BYTE_BGR), "gif");
  }

  private static Arguments bad(String name, byte[] archive, String reason) {
    return Arguments.of(name, archive, 400, reason);
  }

  private static Arguments tooLarge(String name, byte[] archive, String reason) {
    return Arguments.of(name, archive, 413, reason);
  }

  static java.util.List<Path> listing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return java.util.List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
