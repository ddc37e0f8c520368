package dev.residual.inference;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A running service's counters, read from {@code /actuator/prometheus}: its process CPU time and
 * one model's batches. The difference of two readings describes what happened in between.
 *
 * @param cpuNanos the service process's CPU time, all threads
 * @param batches forward passes run for the model
 * @param images images in them
 * @param queueWaitSeconds time the images waited for their batch, summed
 * @param forwardSeconds time the forward passes took, summed
 * @param compilationMs time the service's JIT compilers spent, all threads
 */
record ServiceCounters(
    double cpuNanos,
    double batches,
    double images,
    double queueWaitSeconds,
    double forwardSeconds,
    double compilationMs) {

  /** Reads the counters of {@code model} (all its versions). */
  static ServiceCounters read(HttpClient http, String base, String model)
      throws IOException, InterruptedException {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double[] v = new double[6];
    String tag = "model=\"" + model + "\"";
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      int index = -1;
      if (line.startsWith("process_cpu_time_ns_total")) {
        index = 0;
      } else if (line.startsWith("jvm_compilation_time_ms_total")) {
        index = 5;
      } else if (line.contains(tag)) {
        index = metric(line);
      }
      if (index >= 0) {
        v[index] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return new ServiceCounters(v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  private static int metric(String line) {
    if (line.startsWith("residual_inference_batch_size_count")) {
      return 1;
    } else if (line.startsWith("residual_inference_batch_size_sum")) {
      return 2;
    } else if (line.startsWith("residual_inference_queue_wait_seconds_sum")) {
      return 3;
    } else if (line.startsWith("residual_inference_forward_seconds_sum")) {
      return 4;
    }
    return -1;
  }

  /** What happened from {@code earlier} to this reading. */
  ServiceCounters since(ServiceCounters earlier) {
    return new ServiceCounters(
        cpuNanos - earlier.cpuNanos,
        batches - earlier.batches,
        images - earlier.images,
        queueWaitSeconds - earlier.queueWaitSeconds,
        forwardSeconds - earlier.forwardSeconds,
        compilationMs - earlier.compilationMs);
  }

  double meanBatchSize() {
    return batches == 0 ? Double.NaN : images / batches;
  }

  double meanQueueWaitMs() {
    return images == 0 ? Double.NaN : 1000 * queueWaitSeconds / images;
  }
}
