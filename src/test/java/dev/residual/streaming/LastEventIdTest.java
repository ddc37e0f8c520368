package dev.residual.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.residual.system.DomainException;
import dev.residual.system.ProblemStatus;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class LastEventIdTest {

  @Test
  void theHeaderWinsOverTheParameterAndNeitherMeansFromTheStart() {
    assertThat(LastEventId.resolve("7", "3")).isEqualTo(7);
    assertThat(LastEventId.resolve(" ", "3")).isEqualTo(3);
    assertThat(LastEventId.resolve(null, " 12 ")).isEqualTo(12);
    assertThat(LastEventId.resolve(null, null)).isZero();
  }

  @Test
  void aNegativeOrNonNumericIdIsABadRequestNamingWhereItCameFrom() {
    assertThatThrownBy(() -> LastEventId.resolve("-1", null))
        .isInstanceOfSatisfying(
            DomainException.class,
            e -> {
              assertThat(ProblemStatus.of(e)).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(e.fieldErrors()).containsKey("Last-Event-ID");
            });
    assertThatThrownBy(() -> LastEventId.resolve(null, "abc"))
        .isInstanceOfSatisfying(
            DomainException.class, e -> assertThat(e.fieldErrors()).containsKey("lastEventId"));
  }
}
