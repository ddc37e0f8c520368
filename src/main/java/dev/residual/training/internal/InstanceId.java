package dev.residual.training.internal;

import dev.residual.training.TrainingProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This instance's name in job leases: {@code residual.training.instance-id}, else host name and
 * configured port. Stable across restarts, so a restarted instance takes its jobs back at once.
 */
@Component
public class InstanceId {

  private final String value;

  InstanceId(TrainingProperties properties, Environment environment) {
    this.value =
        properties.instanceId() != null && !properties.instanceId().isBlank()
            ? properties.instanceId()
            : hostName() + ":" + environment.getProperty("server.port", "8080");
  }

  public String value() {
    return value;
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
