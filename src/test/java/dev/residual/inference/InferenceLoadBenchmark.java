package dev.residual.inference;

import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import dev.residual.support.TestImages;
import ai.djl.pytorch.jni.JniUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Load on a running service: real Fashion-MNIST test images as PNG, posted raw to a model's
 * predictions endpoint by {@code c} closed-loop clients, for each concurrency in turn. Right before
 * each level, the same checkpoint's in-process forward pass at batch 32 is measured as the limit,
 * so that a level and its limit meet the same load from other processes; both run in JVMs started
 * with the same engine settings. Each level also reports the service's batches (from its
 * Prometheus endpoint) and the CPU time per image of the limit, the service and this client. Run
 * by {@code bench/inference_load.sh}.
 *
 * <p>Usage: {@code InferenceLoadBenchmark BASE_URL MODEL CHECKPOINT_ID [SECONDS] [1,4,16,64]}.
 * {@code -Dbench.client=jdk} posts through the JDK {@code HttpClient} instead of blocking sockets.
 */
public final class InferenceLoadBenchmark {

  private static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private InferenceLoadBenchmark() {}

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
    URI target = URI.create(base + "/api/v1/models/" + model + "/predictions");
    boolean jdk = "jdk".equals(System.getProperty("bench.client"));
    ClosedLoopLoad load =
        new ClosedLoopLoad(
            testImages(1000),
            jdk ? ClosedLoopLoad.jdkHttpClient(target) : ClosedLoopLoad.sockets(target));
    try (ForwardLimit forward = new ForwardLimit(archive)) {
      System.out.printf(
          "client: %s; PyTorch intra-op threads %d, OMP_WAIT_POLICY=%s%n",
          jdk ? "JDK HttpClient" : "blocking keep-alive sockets",
          JniUtils.getNumThreads(),
          System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"));
      System.out.print("in-process forward by batch size (img/s, cpu ms/img):");
      for (int size : new int[] {1, 4, 16, 32}) {
        ForwardLimit.Rate rate = forward.batched(size, 2);
        System.out.printf("  %d: %.0f, %.2f", size, rate.imagesPerSecond(), rate.cpuMsPerImage());
      }
      System.out.printf("%nlimit: in-process forward at batch 32, measured right before each level%n");
      System.out.println(
          "    c  limit img/s  img/s  vs-limit  p50 ms  p90 ms  p99 ms  errors"
              + "  | batch  queue ms  worker busy | cpu ms/img: limit  service  client  cpu ratio");
      // The JIT compiles the request path during the first seconds of traffic, on the same two
      // cores as the forward passes: right after a start, c=1's p99 was 16 ms instead of 12.
      load.run(4, Math.max(10, seconds / 2));
      for (int c : levels) {
        ForwardLimit.Rate limit = forward.batched(32, Math.max(3, seconds / 4));
        ForwardLimit.Latency single = c == 1 ? forward.single() : null;
        load.run(c, Math.min(5, seconds / 4)); // warm-up: new batch sizes, JIT
        ServiceCounters before = ServiceCounters.read(http, base, model);
        ClosedLoopLoad.Level r = load.run(c, seconds);
        ServiceCounters service = ServiceCounters.read(http, base, model).since(before);
        print(c, limit, r, service);
        if (single != null) {
          System.out.printf(
              "      single-image forward: p50 %.2f ms, p99 %.2f ms;"
                  + " c=1 p99 / single p50 = %.2f, p50 / single p50 = %.2f%n",
              single.p50Ms(),
              single.p99Ms(),
              r.percentileMs(0.99) / single.p50Ms(),
              r.percentileMs(0.50) / single.p50Ms());
        }
      }
    }
  }

  /**
   * One row. {@code cpu ratio} is the limit's CPU time per image over the service's and the
   * client's: what {@code vs-limit} would be if both sides got the same share of the cores, which
   * on a shared machine they do not (the service and client run more threads than the limit).
   */
  private static void print(
      int c, ForwardLimit.Rate limit, ClosedLoopLoad.Level r, ServiceCounters service) {
    double answered = r.latenciesNanos().length;
    double serviceCpu = service.cpuNanos() / 1e6 / answered;
    double clientCpu = r.clientCpuNanos() / 1e6 / answered;
    System.out.printf(
        "%5d %12.0f %6.0f %9.2f %7.2f %7.2f %7.2f  %d/%d  | %5.1f %9.2f %10.0f%% |"
            + " %17.2f %8.2f %7.2f %10.2f%n",
        c,
        limit.imagesPerSecond(),
        r.throughput(),
        r.throughput() / limit.imagesPerSecond(),
        r.percentileMs(0.50),
        r.percentileMs(0.90),
        r.percentileMs(0.99),
        r.errors(),
        r.requests(),
        service.meanBatchSize(),
        service.meanQueueWaitMs(),
        100 * service.forwardSeconds() / r.seconds(),
        limit.cpuMsPerImage(),
        serviceCpu,
        clientCpu,
        limit.cpuMsPerImage() / (serviceCpu + clientCpu));
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
