package dev.residual.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.idx.IdxDatasets;
import dev.residual.system.ResidualProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class DatasetConfigurationTest {

  @TempDir Path dir;

  @Test
  void wiresTheIdxDatasetsFromProperties() {
    new ApplicationContextRunner()
        .withUserConfiguration(DatasetsModule.class)
        .withPropertyValues(
            "residual.data-dir=" + dir,
            "residual.datasets.system-dir=" + dir.resolve("none"),
            "residual.datasets.idx-dirs.fashion-mnist=/usr/share/datasets/fashion-mnist",
            "residual.datasets.downloads-enabled=false")
        .run(
            context -> {
              IdxDatasets catalog = context.getBean(IdxDatasets.class);
              assertThat(catalog.describe("fashion-mnist").source())
                  .isEqualTo(DatasetSource.CONFIGURED);
              assertThat(catalog.describe("mnist").status()).isEqualTo(DatasetStatus.MISSING);
              assertThat(context).hasSingleBean(DatasetDownloader.class);
            });
  }

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({DatasetProperties.class, ResidualProperties.class})
  @Import({
    DatasetConfiguration.class,
    IdxDatasets.class,
    DatasetMeters.class,
    SimpleMeterRegistry.class
  })
  static class DatasetsModule {}
}
