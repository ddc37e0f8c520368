package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A database that is away answers 503 with {@code Retry-After} and a problem detail saying so,
 * whichever way Spring reports it; a broken query stays an error of ours.
 */
@WebMvcTest(controllers = DatabaseUnavailableProblemTest.FailingController.class)
@Import(DatabaseUnavailableProblemTest.FailingController.class)
class DatabaseUnavailableProblemTest {

  /** How Hikari says that no connection came within {@code connection-timeout}. */
  static final SQLTransientConnectionException POOL_TIMEOUT =
      new SQLTransientConnectionException(
          "HikariPool-1 - Connection is not available, request timed out after 5000ms.");

  static final Map<String, Supplier<RuntimeException>> UNAVAILABLE =
      Map.of(
          "no-connection",
          () ->
              new CannotGetJdbcConnectionException(
                  "Failed to obtain JDBC Connection", POOL_TIMEOUT),
          "no-transaction",
          () ->
              new CannotCreateTransactionException(
                  "Could not open JDBC Connection for transaction", POOL_TIMEOUT),
          "connection-lost",
          () ->
              new DataAccessResourceFailureException(
                  "I/O error", new SQLException("An I/O error occurred", "08006")),
          "transient",
          () -> new TransientDataAccessResourceException("the server is starting up"),
          "query-timeout",
          () -> new QueryTimeoutException("canceling statement due to statement timeout"),
          "recoverable",
          () -> new RecoverableDataAccessException("failing over"));

  @Autowired MockMvc mvc;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "no-connection",
        "no-transaction",
        "connection-lost",
        "transient",
        "query-timeout",
        "recoverable"
      })
  void answers503WithRetryAfterAndAProblemDetail(String failure) throws Exception {
    mvc.perform(get("/failing/{failure}", failure))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.title").value("Database unavailable"))
        .andExpect(
            jsonPath("$.detail")
                .value("The service cannot reach its database right now; try again in 5 seconds"))
        .andExpect(jsonPath("$.instance").value("/failing/" + failure));
  }

  @Test
  void aBrokenQueryIsNotMistakenForAnOutage() {
    assertThatThrownBy(() -> mvc.perform(get("/failing/bad-sql")))
        .hasRootCauseInstanceOf(SQLException.class)
        .rootCause()
        .hasMessage("syntax error");
  }

  @Test
  void classifiesCausesNotOnlyTheOutermostException() {
    assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("wrapped", POOL_TIMEOUT)))
        .isTrue();
    assertThat(
            DatabaseErrors.isUnavailable(
                new RuntimeException(new SQLException("connection refused", "08001"))))
        .isTrue();
    UNAVAILABLE.values().forEach(e -> assertThat(DatabaseErrors.isUnavailable(e.get())).isTrue());
    assertThat(DatabaseErrors.isUnavailable(new DataIntegrityViolationException("duplicate key")))
        .isFalse();
    assertThat(DatabaseErrors.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
    assertThat(DatabaseErrors.isUnavailable(new IllegalArgumentException())).isFalse();
  }

  @RestController
  static class FailingController {

    @GetMapping("/failing/{failure}")
    String fail(@PathVariable String failure) {
      if ("bad-sql".equals(failure)) {
        throw new BadSqlGrammarException(
            "select", "selec 1", new SQLException("syntax error", "42601"));
      }
      throw UNAVAILABLE.get(failure).get();
    }
  }
}
