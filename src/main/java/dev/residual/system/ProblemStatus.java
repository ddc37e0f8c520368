package dev.residual.system;

import org.springframework.http.HttpStatus;

/** The HTTP status of each kind of {@link DomainException}: the one place that maps them. */
public final class ProblemStatus {

  private ProblemStatus() {}

  public static HttpStatus of(DomainException e) {
    if (e instanceof InvalidRequestException) {
      return HttpStatus.BAD_REQUEST;
    } else if (e instanceof NotFoundException) {
      return HttpStatus.NOT_FOUND;
    } else if (e instanceof ConflictException) {
      return HttpStatus.CONFLICT;
    } else if (e instanceof ForbiddenException) {
      return HttpStatus.FORBIDDEN;
    } else if (e instanceof TooLargeException) {
      return HttpStatus.CONTENT_TOO_LARGE;
    } else if (e instanceof UnsupportedFormatException) {
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    } else if (e instanceof UnprocessableException) {
      return HttpStatus.UNPROCESSABLE_CONTENT;
    } else if (e instanceof RequestTimeoutException) {
      return HttpStatus.REQUEST_TIMEOUT;
    } else if (e instanceof ClientBacklogException) {
      return HttpStatus.TOO_MANY_REQUESTS;
    } else if (e instanceof ServiceBusyException) {
      return HttpStatus.SERVICE_UNAVAILABLE;
    }
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}
