package dev.residual;

import dev.residual.system.OrderlyShutdown;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/** Residual: trains and serves the ResNets of fastbook chapter 14 on DJL's PyTorch engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ResidualApplication {

  public static void main(String[] args) {
    configureEngineDefaults();
    SpringApplication application = new SpringApplication(ResidualApplication.class);
    AtomicReference<ConfigurableApplicationContext> context = new AtomicReference<>();
    application.addListeners(
        (ApplicationPreparedEvent prepared) -> context.set(prepared.getApplicationContext()));
    OrderlyShutdown.onSignals(
        () -> {
          ConfigurableApplicationContext running = context.get();
          if (running != null) {
            running.close();
          }
        });
    application.run(args);
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
