package dev.residual.training.runner;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.residual.datasets.LabeledDataset;
import dev.residual.datasets.Normalization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Trains a block on an in-memory dataset: shuffled batches, softmax cross-entropy (optionally
 * label-smoothed), SGD-momentum or AdamW under a one-cycle or constant schedule, validation after
 * every epoch, progress through {@link TrainingListener}s, cancellation between batches, and exact
 * resumption from a {@link TrainingState}. Plain Java, one run per instance and thread.
 *
 * <p>Usage: {@code TrainingRunner.builder().setSettings(s).setData(d).addListener(l).build()
 * .run(block, manager)}. The block's parameters live in {@code manager}, which the caller owns;
 * everything else the run creates is closed before {@link #run} returns.
 */
public final class TrainingRunner {

  private final TrainingSettings settings;
  private final LabeledDataset data;
  private final Normalization normalization;
  private final List<TrainingListener> listeners;
  private final BooleanSupplier cancelled;
  private final TrainingState resumeFrom;

  private TrainingRunner(Builder builder) {
    this.settings = builder.settings;
    this.data = builder.data;
    this.normalization =
        builder.normalization != null
            ? builder.normalization
            : Normalization.of(builder.data.train());
    this.listeners = List.copyOf(builder.listeners);
    this.cancelled = builder.cancelled;
    this.resumeFrom = builder.resumeFrom;
  }

  /** A builder: settings and data are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the job. An uninitialised block is initialised first (engine seeded with the settings'
   * seed, the block's own initializers); a resumed run then loads the saved parameters.
   *
   * @param block the network, initialised or not
   * @param manager owner of the block's parameters
   * @return how the run ended, with every finished epoch's metrics
   */
  public TrainingResult run(Block block, NDManager manager) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(manager, "manager");
    try (NDManager runManager = manager.newSubManager();
        BatchLoader train = loader(data, true, runManager);
        BatchLoader valid = loader(data, false, runManager)) {
      if (!block.isInitialized()) {
        long seed = settings.seed();
        manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        int firstEpoch = resumeFrom == null ? 0 : resumeFrom.epoch();
        block.initialize(
            manager,
            DataType.FLOAT32,
            train.inputShape(settings.imageSizeAt(Math.min(firstEpoch, settings.epochs() - 1))));
      }
      if (resumeFrom != null) {
        resumeFrom.restoreInto(block, manager);
      }
      try (ParameterOptimizer optimizer =
          ParameterOptimizer.create(
              settings.optimizer(), new ArrayList<>(block.getParameters().values()), runManager)) {
        if (resumeFrom != null) {
          optimizer.loadState(resumeFrom.optimizerState(runManager));
        }
        TrainingSession session =
            new TrainingSession(
                settings, block, optimizer, train, valid, runManager, listeners, cancelled);
        return resumeFrom == null
            ? session.run(0, 0, settings.seed())
            : session.run(resumeFrom.epoch(), resumeFrom.step(), resumeFrom.seed());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore the training state", e);
    }
  }

  private BatchLoader loader(LabeledDataset dataset, boolean training, NDManager runManager) {
    return new BatchLoader(
        training ? dataset.train() : dataset.valid(),
        normalization,
        settings.imageSize(),
        settings.batchSize(),
        runManager);
  }

  /** Builds a {@link TrainingRunner}: {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private TrainingSettings settings;
    private LabeledDataset data;
    private Normalization normalization;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private BooleanSupplier cancelled = () -> false;
    private TrainingState resumeFrom;

    private Builder() {}

    public Builder setSettings(TrainingSettings settings) {
      this.settings = settings;
      return this;
    }

    /** Training and validation splits; the network's input size is the training images'. */
    public Builder setData(LabeledDataset data) {
      this.data = data;
      return this;
    }

    /** Per-channel statistics; defaults to those of the training split. */
    public Builder optNormalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    public Builder addListener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Polled before every batch; {@code true} stops the run with {@code CANCELLED}. */
    public Builder optCancellation(BooleanSupplier cancelled) {
      this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
      return this;
    }

    /** Continues after the state's epoch, up to the settings' number of epochs. */
    public Builder optResumeFrom(TrainingState state) {
      this.resumeFrom = state;
      return this;
    }

    /** Validates and builds. */
    public TrainingRunner build() {
      Objects.requireNonNull(settings, "settings are required");
      Objects.requireNonNull(data, "data are required");
      if (data.train().count() == 0) {
        throw new IllegalArgumentException("the training split is empty");
      }
      if (data.valid().channels() != data.train().channels()) {
        throw new IllegalArgumentException("training and validation images differ in channels");
      }
      if (resumeFrom != null && resumeFrom.optimizer() != settings.optimizer()) {
        throw new IllegalArgumentException(
            "the state holds "
                + resumeFrom.optimizer()
                + " state but the settings ask for "
                + settings.optimizer());
      }
      return new TrainingRunner(this);
    }
  }
}
