package dev.residual.inference;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * {@code c} closed-loop clients that post PNG bodies to one URI, each sending its next request when
 * the last one has answered, cycling through the images (each client starting elsewhere).
 */
final class ClosedLoopLoad {

  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** One client's way of posting; used by one thread. */
  interface Client extends AutoCloseable {

    /** Posts the image and reads the whole answer; returns its status code. */
    int post(byte[] png) throws IOException, InterruptedException;

    @Override
    void close();
  }

  /**
   * One level's outcome.
   *
   * @param latenciesNanos of the answers with status 200, sorted
   * @param errors any other status, or an I/O error
   * @param seconds from the start until the last answer
   * @param clientCpuNanos this process's CPU time meanwhile, all threads
   */
  record Level(long[] latenciesNanos, long errors, double seconds, long clientCpuNanos) {

    long requests() {
      return latenciesNanos.length + errors;
    }

    double throughput() {
      return latenciesNanos.length / seconds;
    }

    double percentileMs(double q) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int index =
          (int) Math.min(latenciesNanos.length - 1, Math.ceil(q * latenciesNanos.length) - 1);
      return latenciesNanos[Math.max(0, index)] / 1e6;
    }
  }

  private final List<byte[]> images;
  private final Supplier<Client> clients;

  ClosedLoopLoad(List<byte[]> images, Supplier<Client> clients) {
    this.images = images;
    this.clients = clients;
  }

  /**
   * Clients on blocking keep-alive sockets, the cheapest in CPU (see {@link KeepAliveConnection}).
   */
  static Supplier<Client> sockets(URI target) {
    return () -> {
      KeepAliveConnection connection = new KeepAliveConnection(target, "image/png");
      return new Client() {
        @Override
        public int post(byte[] png) throws IOException {
          return connection.post(png);
        }

        @Override
        public void close() {
          connection.close();
        }
      };
    };
  }

  /** Clients sharing one JDK {@code HttpClient}, the benchmark's first client, for comparison. */
  static Supplier<Client> jdkHttpClient(URI target) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return () ->
        new Client() {
          @Override
          public int post(byte[] png) throws IOException, InterruptedException {
            HttpRequest request =
                HttpRequest.newBuilder(target)
                    .header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
          }

          @Override
          public void close() {}
        };
  }

  Level run(int concurrency, double seconds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long cpu = OS.getProcessCpuTime();
    long begin = System.nanoTime();
    long end = begin + (long) (seconds * 1e9);
    List<Future<Outcome>> results = new ArrayList<>();
    for (int t = 0; t < concurrency; t++) {
      int first = t * 97;
      results.add(pool.submit(() -> oneClient(first, end)));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : results) {
      outcomes.add(f.get());
    }
    double taken = (System.nanoTime() - begin) / 1e9;
    long cpuTaken = OS.getProcessCpuTime() - cpu;
    pool.shutdown();
    long[] latencies =
        outcomes.stream().flatMapToLong(o -> Arrays.stream(o.latenciesNanos())).sorted().toArray();
    long errors = outcomes.stream().mapToLong(Outcome::errors).sum();
    // Requests under way at the deadline still finish: divide by the time really taken.
    return new Level(latencies, errors, taken, cpuTaken);
  }

  private record Outcome(long[] latenciesNanos, long errors) {}

  private Outcome oneClient(int first, long end) throws InterruptedException {
    long[] latencies = new long[1024];
    int ok = 0;
    long errors = 0;
    try (Client client = clients.get()) {
      for (int i = first; System.nanoTime() < end; i++) {
        byte[] png = images.get(i % images.size());
        long start = System.nanoTime();
        int status;
        try {
          status = client.post(png);
        } catch (IOException e) {
          status = -1;
        }
        if (status != 200) {
          errors++;
          continue;
        }
        if (ok == latencies.length) {
          latencies = Arrays.copyOf(latencies, 2 * ok);
        }
        latencies[ok++] = System.nanoTime() - start;
      }
    }
    return new Outcome(Arrays.copyOf(latencies, ok), errors);
  }
}
