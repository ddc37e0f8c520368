package dev.residual.inference;

import dev.residual.datasets.IdxData;
import dev.residual.datasets.IdxReader;
import dev.residual.inference.internal.TestImages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on a running service: real Fashion-MNIST test images as PNG, posted raw to a model's
 * predictions endpoint by {@code c} clients that each send their next request when the last one
 * answered, for each concurrency in turn; first, the same checkpoint's in-process forward pass as
 * the limit. Run by {@code bench/inference_load.sh}.
 *
 * <p>Usage: {@code InferenceLoadBenchmark BASE_URL MODEL CHECKPOINT_ID [SECONDS] [1,4,16,64]}.
 */
public final class InferenceLoadBenchmark {

  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI predictions;
  private final List<byte[]> images;

  private InferenceLoadBenchmark(URI predictions, List<byte[]> images) {
    this.predictions = predictions;
    this.images = images;
  }

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String model = args[1];
    String checkpoint = args[2];
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 20;
    int[] levels =
        Arrays.stream((args.length > 4 ? args[4] : "1,4,16,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();

    HttpClient http = HttpClient.newHttpClient();
    byte[] archive =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/checkpoints/" + checkpoint + "/download"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    ForwardLimit.Measured limit;
    try (ForwardLimit forward = new ForwardLimit(archive)) {
      limit = forward.measure(Math.max(5, seconds / 2));
    }
    System.out.printf(
        "limit: in-process forward, batch 32: %.0f img/s; single image: p50 %.2f ms, p99 %.2f ms%n",
        limit.batchedImagesPerSecond(), limit.singleP50Ms(), limit.singleP99Ms());

    InferenceLoadBenchmark bench =
        new InferenceLoadBenchmark(
            URI.create(base + "/api/v1/models/" + model + "/predictions"), testImages(1000));
    System.out.println("concurrency  img/s  vs-limit   p50 ms   p90 ms   p99 ms  errors");
    for (int c : levels) {
      bench.run(c, Math.min(5, seconds / 4)); // warm-up: new batch sizes, JIT
      Level r = bench.run(c, seconds);
      System.out.printf(
          "%11d %6.0f %8.2f %8.2f %8.2f %8.2f  %d/%d%s%n",
          c,
          r.throughput(),
          r.throughput() / limit.batchedImagesPerSecond(),
          r.percentile(0.50),
          r.percentile(0.90),
          r.percentile(0.99),
          r.errors(),
          r.requests(),
          c == 1
              ? String.format(
                  "  (p99 / single forward p50: %.2f)", r.percentile(0.99) / limit.singleP50Ms())
              : "");
    }
  }

  /** One concurrency level's outcome. */
  record Level(long[] latenciesNanos, long errors, double seconds) {

    long requests() {
      return latenciesNanos.length + errors;
    }

    double throughput() {
      return latenciesNanos.length / seconds;
    }

    double percentile(double q) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int index =
          (int) Math.min(latenciesNanos.length - 1, Math.ceil(q * latenciesNanos.length) - 1);
      return latenciesNanos[Math.max(0, index)] / 1e6;
    }
  }

  private Level run(int concurrency, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    AtomicLong errors = new AtomicLong();
    long begin = System.nanoTime();
    long end = begin + (long) (seconds * 1e9);
    List<Future<List<Long>>> clients = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      int first = t * 97;
      clients.add(
          pool.submit(
              () -> {
                List<Long> latencies = new ArrayList<>();
                for (int i = first; System.nanoTime() < end; i++) {
                  byte[] png = images.get(i % images.size());
                  HttpRequest request =
                      HttpRequest.newBuilder(predictions)
                          .header("Content-Type", "image/png")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                          .build();
                  long start = System.nanoTime();
                  try {
                    int status =
                        client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    if (status == 200) {
                      latencies.add(System.nanoTime() - start);
                    } else {
                      errors.incrementAndGet();
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                  }
                }
                return latencies;
              }));
    }
    List<Long> all = new ArrayList<>();
    for (Future<List<Long>> f : clients) {
      all.addAll(f.get());
    }
    pool.shutdown();
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    // Requests under way at the deadline still finish: divide by the time really taken.
    return new Level(sorted, errors.get(), (System.nanoTime() - begin) / 1e9);
  }

  private static List<byte[]> testImages(int count) throws Exception {
    IdxData images =
        new IdxReader(10_000L * 28 * 28).read(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    List<byte[]> pngs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] pixels = Arrays.copyOfRange(images.values(), i * 784, (i + 1) * 784);
      pngs.add(TestImages.encode(TestImages.grey(28, 28, pixels), "png"));
    }
    return pngs;
  }
}
