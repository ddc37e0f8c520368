package dev.residual;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Residual: trains and serves the ResNets of fastbook chapter 14 on DJL's PyTorch engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResidualApplication {

  public static void main(String[] args) {
    configureEngineDefaults();
    SpringApplication.run(ResidualApplication.class, args);
  }

  /**
   * DJL reads these once, when the engine loads: never download anything, and keep PyTorch's
   * inter-op pool at one thread, which is about 10% faster on small machines. Both can be
   * overridden with -D.
   */
  public static void configureEngineDefaults() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
