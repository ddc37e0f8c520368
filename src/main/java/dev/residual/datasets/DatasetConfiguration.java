package dev.residual.datasets;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the datasets module's plain classes from {@link DatasetProperties}. */
@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

  @Bean
  DatasetDownloader datasetDownloader(DatasetProperties properties) {
    return new DatasetDownloader(properties.downloadPolicy());
  }
}
