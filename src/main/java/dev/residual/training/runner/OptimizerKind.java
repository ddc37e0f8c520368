package dev.residual.training.runner;

/** The optimizers the runner implements; both apply weight decay decoupled, AdamW-style. */
public enum OptimizerKind {
  /** SGD with (heavy-ball) momentum, as PyTorch's and fastai's {@code SGD(mom=...)}. */
  SGD,
  /** Adam with decoupled weight decay and bias correction, fastai's defaults for its betas. */
  ADAMW
}
