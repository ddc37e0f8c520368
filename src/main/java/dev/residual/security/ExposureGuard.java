package dev.residual.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service that would listen beyond loopback with no API tokens. It runs as a
 * bean factory post-processor, before any bean is created, so the refusal comes at once and not
 * after the engine and the database have been set up; it also checks the tokens themselves.
 */
final class ExposureGuard implements BeanFactoryPostProcessor, EnvironmentAware {

  private static final Logger log = LoggerFactory.getLogger(ExposureGuard.class);

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    SecurityProperties properties =
        Binder.get(environment).bindOrCreate("residual.security", SecurityProperties.class);
    check(environment.getProperty("server.address"), properties);
  }

  static void check(String address, SecurityProperties properties) {
    TokenRegistry tokens = TokenRegistry.of(properties);
    if (!tokens.isEmpty() || isLoopback(address)) {
      return;
    }
    String where =
        isBlank(address)
            ? "every network interface (server.address is not set)"
            : address + " (server.address)";
    if (properties.allowUnauthenticated()) {
      log.warn(
          "Listening on {} with no API tokens: residual.security.allow-unauthenticated is"
              + " set, so whatever is in front of this service must authenticate its callers",
          where);
      return;
    }
    throw new IllegalStateException(
        "Residual refuses to listen on "
            + where
            + " with no API tokens: anyone who can reach it could train, delete and download."
            + " Configure residual.security.tokens (see README, 'Security'), listen on loopback"
            + " (server.address=127.0.0.1), or set residual.security.allow-unauthenticated=true"
            + " if a proxy in front of it authenticates callers.");
  }

  /** Loopback names and addresses only; an unset address means every interface. */
  static boolean isLoopback(String address) {
    if (isBlank(address)) {
      return false;
    }
    String host = address.strip();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
