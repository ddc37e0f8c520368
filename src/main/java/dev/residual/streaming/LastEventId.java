package dev.residual.streaming;

import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;

/**
 * Where a stream resumes: the {@code Last-Event-ID} header or the {@code lastEventId} query
 * parameter. A browser's EventSource reconnects to the same URL with a newer header, so the header
 * is the current position and a query parameter only the initial one.
 */
public final class LastEventId {

  /** The header a reconnecting client sends. */
  public static final String HEADER = "Last-Event-ID";

  /** The query parameter for clients that cannot set headers. */
  public static final String PARAMETER = "lastEventId";

  private LastEventId() {}

  /**
   * The id to resume after: the header if present, else the parameter, else 0.
   *
   * @throws DomainException 400 if the one that counts is not a non-negative number
   */
  public static long resolve(String header, String parameter) {
    return header != null && !header.isBlank()
        ? parse(HEADER, header)
        : parse(PARAMETER, parameter);
  }

  static long parse(String name, String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // Falls through to the same 400 as a negative id.
    }
    throw InvalidRequestException.field(name, "must be a non-negative event id");
  }
}
