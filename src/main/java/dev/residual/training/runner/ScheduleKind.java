package dev.residual.training.runner;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How the learning rate and momentum move over the steps of a run. */
public enum ScheduleKind {
  /** fastai's {@code fit_one_cycle}: see {@link OneCycleSchedule}. */
  ONE_CYCLE,
  /** Half a cosine from the maximum rate down to the maximum over {@code finalDivFactor}. */
  COSINE,
  /** The maximum learning rate and the highest momentum, held for every step. */
  CONSTANT;

  /** The name requests and responses use: lower case, words joined by hyphens. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant named {@code wireName}; {@link IllegalArgumentException} for any other text. */
  public static ScheduleKind of(String wireName) {
    for (ScheduleKind kind : values()) {
      if (kind.wireName().equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown ScheduleKind: " + wireName);
  }
}
