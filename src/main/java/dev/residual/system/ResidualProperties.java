package dev.residual.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Residual keeps its state: the embedded database, datasets and checkpoints all live under
 * {@code residual.data-dir} so that one volume (or one folder on a laptop) holds everything.
 */
@ConfigurationProperties("residual")
public record ResidualProperties(@DefaultValue("./data") Path dataDir) {

  public Path checkpointsDir() {
    return dataDir.resolve("checkpoints");
  }

  public Path datasetsDir() {
    return dataDir.resolve("datasets");
  }
}
