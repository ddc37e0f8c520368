package dev.residual.training.runner;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The optimizers the runner implements; all apply weight decay decoupled, AdamW-style. */
public enum OptimizerKind {
  /** SGD with (heavy-ball) momentum, as PyTorch's and fastai's {@code SGD(mom=...)}. */
  SGD,
  /**
   * SGD with Nesterov momentum, as PyTorch's {@code SGD(momentum=m, nesterov=True)}: the step uses
   * the gradient plus the momentum buffer's look-ahead.
   */
  NESTEROV,
  /** Adam with decoupled weight decay and bias correction, fastai's defaults for its betas. */
  ADAMW;

  /** The name requests and responses use: lower case, words joined by hyphens. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant named {@code wireName}; {@link IllegalArgumentException} for any other text. */
  public static OptimizerKind of(String wireName) {
    for (OptimizerKind kind : values()) {
      if (kind.wireName().equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown OptimizerKind: " + wireName);
  }
}
