package dev.residual.training;

/** The {@code optimizer} field shared by training-job and LR-finder requests: one text for both. */
final class OptimizerField {

  static final String PATTERN = "sgd|nesterov|adamw";
  static final String MESSAGE = "must be 'sgd', 'nesterov' or 'adamw'";
  static final String DESCRIPTION =
      "Default nesterov: SGD with Nesterov momentum (PyTorch's SGD(nesterov=True)); sgd:"
          + " heavy-ball momentum; adamw: Adam with decoupled weight decay. The momentum"
          + " (AdamW: beta1) follows the schedule";
  static final String WEIGHT_DECAY =
      "Decoupled weight decay. Default: nesterov and sgd 0.005, adamw 0.01";

  private OptimizerField() {}
}
