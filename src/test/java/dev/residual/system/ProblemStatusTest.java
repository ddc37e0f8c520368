package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemStatusTest {

  private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

  @Test
  void eachKindOfDomainExceptionHasItsStatus() {
    assertThat(ProblemStatus.of(InvalidRequestException.field("epochs", "must be positive")))
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(ProblemStatus.of(new NotFoundException("Model", "pets")))
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThat(ProblemStatus.of(new ConflictException("in use"))).isEqualTo(HttpStatus.CONFLICT);
    assertThat(ProblemStatus.of(new ForbiddenException("outside the roots")))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(ProblemStatus.of(new TooLargeException("Image too large", "too many pixels")))
        .isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    assertThat(ProblemStatus.of(new UnsupportedFormatException("Unsupported", "a GIF")))
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(ProblemStatus.of(new UnprocessableException("Cannot evaluate", "no fit")))
        .isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    assertThat(ProblemStatus.of(new RequestTimeoutException("slow body")))
        .isEqualTo(HttpStatus.REQUEST_TIMEOUT);
    assertThat(ProblemStatus.of(new ServiceBusyException("full", Duration.ofSeconds(3))))
        .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    assertThat(ProblemStatus.of(new ClientBacklogException("yours", Duration.ofSeconds(3))))
        .isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
  }

  @Test
  void theAdviceAnswersWithTheMappedStatusTitleFieldsAndRetryAfter() {
    ResponseEntity<ProblemDetail> invalid =
        advice.handleDomain(InvalidRequestException.fields(Map.of("batchSize", "at most 1024")));
    assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(invalid.getBody().getTitle()).isEqualTo("Invalid request");
    assertThat(invalid.getBody().getDetail()).isEqualTo("batchSize: at most 1024");
    assertThat(invalid.getBody().getProperties())
        .containsEntry(
            ProblemDetailsAdvice.ERRORS,
            java.util.List.of(Map.of("field", "batchSize", "message", "at most 1024")));

    ResponseEntity<ProblemDetail> busy =
        advice.handleDomain(new ClientBacklogException("yours", Duration.ofMillis(2500)));
    assertThat(busy.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    assertThat(busy.getBody().getTitle()).isEqualTo("Too many requests");
    assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
  }
}
