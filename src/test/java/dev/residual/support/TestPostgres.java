package dev.residual.support;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A PostgreSQL database for tests: a Testcontainers container where a Docker engine has (or can
 * pull) the images Testcontainers needs, else the local server on 127.0.0.1:5432 (database {@code
 * test}, trust auth), with a fresh schema per call, so that test classes never see each other's
 * rows. The choice is made once per JVM and printed ({@link ContainerImages}). Under {@code
 * CI=true} a test that can reach neither fails instead of skipping.
 */
public final class TestPostgres {

  private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String LOCAL_USER = System.getProperty("residual.test.pg-user", "postgres");
  private static final String IMAGE = "postgres:16-alpine";
  private static PostgreSQLContainer container;
  private static Boolean useContainer;

  private TestPostgres() {}

  /** Connection settings of a database nobody else uses. */
  public record Database(String url, String username, String password) {

    private static final Pattern SERVER = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)/");

    public String host() {
      return server().group(1);
    }

    public int port() {
      return Integer.parseInt(server().group(2));
    }

    /** The same database reached through a local port, e.g. a {@link TcpProxy}'s. */
    public Database through(int localPort) {
      return new Database(
          SERVER.matcher(url).replaceFirst("jdbc:postgresql://127.0.0.1:" + localPort + "/"),
          username,
          password);
    }

    private Matcher server() {
      Matcher matcher = SERVER.matcher(url);
      if (!matcher.find()) {
        throw new IllegalStateException("Not a PostgreSQL URL with host and port: " + url);
      }
      return matcher;
    }
  }

  public static synchronized Database fresh() {
    if (useContainer == null) {
      ContainerImages.Availability images = ContainerImages.ready(IMAGE);
      useContainer = images.ready();
      System.out.println(
          "TestPostgres: "
              + (useContainer
                  ? "Testcontainers " + IMAGE + " (" + images.reason() + ")"
                  : "local PostgreSQL at " + LOCAL_URL + " (" + images.reason() + ")"));
    }
    if (useContainer) {
      if (container == null) {
        container = new PostgreSQLContainer(IMAGE);
        container.start();
      }
      return withNewSchema(
          container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    return withNewSchema(LOCAL_URL, LOCAL_USER, "");
  }

  private static Database withNewSchema(String url, String user, String password) {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      c.createStatement().execute("create schema " + schema);
    } catch (SQLException e) {
      String why = "No Docker engine and no PostgreSQL at " + url + ": " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.abort(why);
    }
    String sep = url.contains("?") ? "&" : "?";
    return new Database(url + sep + "currentSchema=" + schema, user, password);
  }
}
