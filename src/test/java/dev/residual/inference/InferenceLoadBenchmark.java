package dev.residual.inference;

import ai.djl.pytorch.jni.JniUtils;
import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import dev.residual.support.TestImages;
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
 * each level, the same checkpoint's in-process forward passes are measured as the limits (DJL's
 * PyTorch at batch 32, ONNX Runtime at batch 16 on its ONNX export), so that a level and its limits
 * meet the same load from other processes; both run in JVMs started with the same engine settings.
 * Each level also reports the service's batches (from its Prometheus endpoint) and the CPU time per
 * image of the limit, the service and this client. Run by {@code bench/inference_load.sh}.
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
    byte[] onnx =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(base + "/api/v1/checkpoints/" + checkpoint + "/onnx"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    URI target = URI.create(base + "/api/v1/models/" + model + "/predictions");
    boolean jdk = "jdk".equals(System.getProperty("bench.client"));
    ClosedLoopLoad load =
        new ClosedLoopLoad(
            testImages(1000),
            jdk ? ClosedLoopLoad.jdkHttpClient(target) : ClosedLoopLoad.sockets(target));
    int ortThreads = Integer.getInteger("bench.ort.threads", 0);
    boolean ortSpinning = Boolean.getBoolean("bench.ort.spinning");
    try (ForwardLimit djl = new ForwardLimit(archive);
        OnnxForwardLimit ort = new OnnxForwardLimit(onnx, ortThreads, ortSpinning, 32)) {
      System.out.printf(
          "service engine: %s; client: %s; PyTorch intra-op threads %d, OMP_WAIT_POLICY=%s;"
              + " ONNX Runtime intra-op threads %s, spinning %s%n",
          System.getProperty("bench.engine", "").isBlank()
              ? "onnxruntime (the default)"
              : System.getProperty("bench.engine"),
          jdk ? "JDK HttpClient" : "blocking keep-alive sockets",
          JniUtils.getNumThreads(),
          System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"),
          ortThreads == 0 ? "auto" : ortThreads,
          ortSpinning ? "on" : "off");
      double limitSeconds = Math.max(2, seconds / 6);
      System.out.print("in-process forward by batch size (img/s, cpu ms/img):");
      ForwardLimit.Rate djl32 = null;
      for (int size : new int[] {1, 16, 32}) {
        ForwardLimit.Rate rate = djl.batched(size, limitSeconds);
        djl32 = rate;
        System.out.printf(
            "  DJL %d: %.0f, %.2f", size, rate.imagesPerSecond(), rate.cpuMsPerImage());
      }
      ForwardLimit.Rate ort16 = null;
      for (int size : new int[] {1, 16, 32}) {
        ForwardLimit.Rate rate = ort.batched(size, limitSeconds);
        ort16 = size == 16 ? rate : ort16;
        System.out.printf(
            "  ORT %d: %.0f, %.2f", size, rate.imagesPerSecond(), rate.cpuMsPerImage());
      }
      ForwardLimit.Latency djlSingle = djl.single();
      ForwardLimit.Latency ortSingle = ort.single();
      System.out.printf(
          "%nsingle-image forward p50 / p99 ms: DJL %.2f / %.2f, ORT %.2f / %.2f;"
              + " ORT batch 32 / DJL batch 32 = %.2f, ORT batch 16 / DJL batch 32 = %.2f%n",
          djlSingle.p50Ms(),
          djlSingle.p99Ms(),
          ortSingle.p50Ms(),
          ortSingle.p99Ms(),
          ort.batched(32, limitSeconds).imagesPerSecond() / djl32.imagesPerSecond(),
          ort16.imagesPerSecond() / djl32.imagesPerSecond());
      System.out.println(
          "limits measured right before each level: DJL at batch 32, ORT at batch 16"
              + " (and ORT's single image before c=1)");
      System.out.println(
          "    c  DJL-32  ORT-16  img/s  vs-DJL-32  vs-ORT-16  p50 ms  p90 ms  p99 ms  errors"
              + "  | batch  queue ms  busy | cpu ms/img: service  client | warm-up s");
      load.run(4, Math.max(10, seconds / 2));
      long errors = 0;
      for (int c : levels) {
        double warmUp = settle(load, c, http, base, model);
        ForwardLimit.Rate limit = djl.batched(32, limitSeconds);
        ForwardLimit.Rate ortLimit = ort.batched(16, limitSeconds);
        ForwardLimit.Latency single = c == 1 ? ort.single() : null;
        load.run(c, 2); // the service's caches and the cores' clocks, after the limits' pause
        ServiceCounters before = ServiceCounters.read(http, base, model);
        ClosedLoopLoad.Level r = load.run(c, seconds);
        ServiceCounters service = ServiceCounters.read(http, base, model).since(before);
        print(c, limit, ortLimit, r, service, warmUp);
        errors += r.errors();
        if (c == 16) {
          System.out.printf(
              "      c=16 goals: %.2f x DJL batch 32 (>= 1.2; issue 5's >= 0.8),"
                  + " %.2f x ORT batch 16 (>= 0.7)%n",
              r.throughput() / limit.imagesPerSecond(),
              r.throughput() / ortLimit.imagesPerSecond());
        }
        if (single != null) {
          System.out.printf(
              "      ORT single-image forward: p50 %.2f ms, p99 %.2f ms; c=1 p50 / single p50"
                  + " = %.2f (<= 2), p99 / single p50 = %.2f (<= 4);"
                  + " p99 / DJL single p50 = %.2f (issue 5's <= 2)%n",
              single.p50Ms(),
              single.p99Ms(),
              r.percentileMs(0.50) / single.p50Ms(),
              r.percentileMs(0.99) / single.p50Ms(),
              r.percentileMs(0.99) / djlSingle.p50Ms());
        }
      }
      System.out.printf("errors over all levels: %d%n", errors);
      memory(load, Long.getLong("bench.rss.predictions", 0), Long.getLong("bench.service.pid", 0));
    }
  }

  /**
   * Whether the service's resident memory stays flat: {@code predictions} more answers at c=16, the
   * service's RSS read from {@code /proc} after every 5 s.
   */
  private static void memory(ClosedLoopLoad load, long predictions, long pid) throws Exception {
    if (predictions <= 0 || pid <= 0) {
      return;
    }
    System.out.printf("service RSS over %,d predictions at c=16: %s MiB", predictions, rssMib(pid));
    long answered = 0;
    long errors = 0;
    while (answered < predictions) {
      ClosedLoopLoad.Level r = load.run(16, 5);
      answered += r.latenciesNanos().length;
      errors += r.errors();
      System.out.printf(" → %s (%,d)", rssMib(pid), answered);
    }
    System.out.printf("%nerrors: %d of %,d%n", errors, answered + errors);
  }

  private static String rssMib(long pid) throws Exception {
    for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
        return String.valueOf(kib / 1024);
      }
    }
    return "?";
  }

  /**
   * Traffic at concurrency {@code c} until the service is in its steady state for that level: its
   * JIT compilers, which run on the same cores as the forward passes, spent under 1% of one core
   * over the last 5 s (at most 60 s). Each level takes its own code paths (a lone request runs
   * inline, concurrent ones are batched), so each is warmed on its own. Returns the seconds spent.
   */
  private static double settle(
      ClosedLoopLoad load, int c, HttpClient http, String base, String model) throws Exception {
    double window = 5;
    double spent = 0;
    ServiceCounters before = ServiceCounters.read(http, base, model);
    while (spent < 60) {
      load.run(c, window);
      spent += window;
      ServiceCounters after = ServiceCounters.read(http, base, model);
      if (after.since(before).compilationMs() < 0.01 * window * 1000) {
        break;
      }
      before = after;
    }
    return spent;
  }

  /** One row: throughput against both limits, latency, and CPU time per answered image. */
  private static void print(
      int c,
      ForwardLimit.Rate limit,
      ForwardLimit.Rate ortLimit,
      ClosedLoopLoad.Level r,
      ServiceCounters service,
      double warmUp) {
    double answered = r.latenciesNanos().length;
    double serviceCpu = service.cpuNanos() / 1e6 / answered;
    double clientCpu = r.clientCpuNanos() / 1e6 / answered;
    System.out.printf(
        "%5d %7.0f %7.0f %6.0f %10.2f %10.2f %7.2f %7.2f %7.2f  %d/%d  | %5.1f %9.2f %4.0f%% |"
            + " %19.2f %7.2f | %6.0f%n",
        c,
        limit.imagesPerSecond(),
        ortLimit.imagesPerSecond(),
        r.throughput(),
        r.throughput() / limit.imagesPerSecond(),
        r.throughput() / ortLimit.imagesPerSecond(),
        r.percentileMs(0.50),
        r.percentileMs(0.90),
        r.percentileMs(0.99),
        r.errors(),
        r.requests(),
        service.meanBatchSize(),
        service.meanQueueWaitMs(),
        100 * service.forwardSeconds() / r.seconds(),
        serviceCpu,
        clientCpu,
        warmUp);
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
