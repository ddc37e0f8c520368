package dev.residual.training.runner;

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
  ADAMW
}
