package dev.residual.datasets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Bytes that came in as datasets: downloaded over HTTP(S), and archives imported. */
@Component
class DatasetMeters {

  private final Counter downloaded;
  private final Counter imported;

  DatasetMeters(MeterRegistry registry) {
    this.downloaded =
        Counter.builder("residual.dataset.download")
            .description("Bytes downloaded for datasets (built-in files and archive URLs)")
            .baseUnit("bytes")
            .register(registry);
    this.imported =
        Counter.builder("residual.dataset.import")
            .description("Bytes of dataset archives extracted for import (uploads and downloads)")
            .baseUnit("bytes")
            .register(registry);
  }

  void downloaded(long bytes) {
    downloaded.increment(bytes);
  }

  void imported(long bytes) {
    imported.increment(bytes);
  }
}
