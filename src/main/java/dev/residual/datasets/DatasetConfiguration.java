package dev.residual.datasets;

import dev.residual.datasets.archive.ArchiveExtractor;
import dev.residual.datasets.download.DatasetDownloader;
import dev.residual.datasets.images.FolderScanner;
import dev.residual.datasets.images.ImageCacheBuilder;
import dev.residual.datasets.images.ImageDecoder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the datasets module's plain classes from {@link DatasetProperties}. */
@Configuration(proxyBeanMethods = false)
class DatasetConfiguration {

  @Bean
  DatasetDownloader datasetDownloader(DatasetProperties properties, DatasetMeters meters) {
    return new DatasetDownloader(properties.downloadPolicy(), meters::downloaded);
  }

  @Bean
  ArchiveExtractor archiveExtractor(DatasetProperties properties) {
    return new ArchiveExtractor(properties.archive());
  }

  @Bean
  FolderScanner folderScanner(DatasetProperties properties) {
    DatasetProperties.Images images = properties.images();
    return new FolderScanner(
        properties.archive().maxEntries(), images.validFraction(), images.splitSeed());
  }

  @Bean
  ImageDecoder imageDecoder(DatasetProperties properties) {
    return new ImageDecoder(properties.images().maxPixels());
  }

  @Bean
  ImageCacheBuilder imageCacheBuilder(ImageDecoder decoder, DatasetProperties properties) {
    return new ImageCacheBuilder(
        decoder, properties.images().decodeThreads(), properties.images().maxCacheBytes());
  }
}
