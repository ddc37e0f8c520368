package dev.residual.system;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that is away (down, unreachable, out of connections, failing over) from a query
 * that is wrong. The first is worth retrying and answers 503 with {@code Retry-After}; the second
 * is a bug and stays a 500.
 */
public final class DatabaseErrors {

  /** How long a client refused because of the database is asked to wait. */
  public static final int RETRY_AFTER_SECONDS = 5;

  private static final int MAX_DEPTH = 16;

  private DatabaseErrors() {}

  /**
   * Whether {@code error}, or one of its causes, says the database could not be reached or did not
   * answer in time: Spring's resource-failure, transient and recoverable exceptions (including a
   * connection pool that timed out, {@code CannotGetJdbcConnectionException}), a transaction that
   * could not begin for want of a connection, or a JDBC exception of SQLSTATE class {@code 08}
   * (connection exception).
   */
  public static boolean isUnavailable(Throwable error) {
    Throwable current = error;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (current instanceof DataAccessResourceFailureException
          || current instanceof TransientDataAccessException
          || current instanceof RecoverableDataAccessException
          || current instanceof CannotCreateTransactionException
          || current instanceof SQLTransientException
          || current instanceof SQLNonTransientConnectionException
          || current instanceof SQLRecoverableException
          || (current instanceof SQLException sql && isConnectionState(sql.getSQLState()))) {
        return true;
      }
      current = current.getCause() == current ? null : current.getCause();
    }
    return false;
  }

  private static boolean isConnectionState(String sqlState) {
    return sqlState != null && sqlState.startsWith("08");
  }
}
