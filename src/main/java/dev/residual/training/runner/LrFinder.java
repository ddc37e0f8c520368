package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.residual.datasets.ImageSplit;
import dev.residual.datasets.Normalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * fastai's learning-rate finder: trains a fresh network on shuffled training batches while the
 * learning rate grows exponentially from {@code startLr} to {@code endLr}, recording fastai's
 * smoothed loss (exponential average, beta 0.98, debiased) at every step, and stops when that loss
 * exceeds four times its minimum or stops being finite. The weights are a throw-away: nothing is
 * validated or saved. Plain Java, one sweep per instance and thread.
 *
 * <p>Usage: {@code LrFinder.builder().setSettings(s).setData(train).build().run(block, manager)};
 * the block's parameters live in {@code manager}, which the caller owns; everything else the sweep
 * creates is closed before {@link #run} returns.
 */
public final class LrFinder {

  static final double SMOOTHING_BETA = 0.98;

  /** fastai's {@code stop_div}: stop when the smoothed loss exceeds this times its minimum. */
  static final double DIVERGENCE_FACTOR = 4.0;

  /** Progress after one iteration. */
  public record Step(
      int iteration,
      int iterations,
      int epoch,
      double learningRate,
      double loss,
      double smoothedLoss,
      double imagesPerSecond,
      double etaSeconds) {}

  /** Receives every step on the sweep's thread: keep it short. */
  public interface Listener {
    void onStep(Step step);
  }

  private final LrFinderSettings settings;
  private final ImageSplit train;
  private final Normalization normalization;
  private final List<Listener> listeners;
  private final BooleanSupplier cancelled;

  private LrFinder(Builder builder) {
    this.settings = builder.settings;
    this.train = builder.train;
    this.normalization =
        builder.normalization != null ? builder.normalization : Normalization.of(builder.train);
    this.listeners = List.copyOf(builder.listeners);
    this.cancelled = builder.cancelled;
  }

  /** A builder: settings and data are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the sweep. An uninitialised block is initialised first, the engine seeded with the
   * settings' seed.
   */
  public LrSweep run(Block block, NDManager manager) {
    Objects.requireNonNull(block, "block");
    try (NDManager runManager = manager.newSubManager();
        BatchLoader loader =
            new BatchLoader(
                train, normalization, settings.imageSize(), settings.batchSize(), runManager)) {
      if (!block.isInitialized()) {
        long seed = settings.seed();
        manager.getEngine().setRandomSeed((int) (seed ^ (seed >>> 32)));
        block.initialize(manager, DataType.FLOAT32, loader.inputShape());
      }
      try (ParameterOptimizer optimizer =
          ParameterOptimizer.create(
              settings.optimizer(), new ArrayList<>(block.getParameters().values()), runManager)) {
        return sweep(block, optimizer, loader, new ParameterStore(runManager, false), runManager);
      }
    }
  }

  private LrSweep sweep(
      Block block,
      ParameterOptimizer optimizer,
      BatchLoader loader,
      ParameterStore parameters,
      NDManager runManager) {
    int n = settings.numIterations();
    int perEpoch = loader.trainBatches(null);
    double[] lrs = new double[n];
    double[] losses = new double[n];
    int recorded = 0;
    double average = 0;
    double best = Double.POSITIVE_INFINITY;
    long start = System.nanoTime();
    long images = 0;
    int[] order = null;
    LrSweep.Stop stop = LrSweep.Stop.COMPLETED;
    for (int i = 0; i < n; i++) {
      if (cancelled.getAsBoolean()) {
        stop = LrSweep.Stop.CANCELLED;
        break;
      }
      int epoch = i / perEpoch;
      int batch = i % perEpoch;
      if (batch == 0) {
        order = loader.shuffled(settings.seed(), epoch);
      }
      double lr = settings.learningRate(i);
      float loss;
      try (NDManager batchManager = runManager.newSubManager()) {
        NDList data = loader.batch(batchManager, order, batch);
        NDArray x = data.get(0);
        NDArray y = data.get(1);
        NDArray lossArray =
            Autograd.forwardBackward(
                x,
                () ->
                    CrossEntropyLoss.mean(
                        block.forward(parameters, new NDList(x), true).singletonOrThrow(),
                        y,
                        settings.labelSmoothing()));
        optimizer.step(lr, settings.momentum(), settings.weightDecay(), i);
        loss = lossArray.getFloat();
        images += x.getShape().get(0);
      }
      average = SMOOTHING_BETA * average + (1 - SMOOTHING_BETA) * loss;
      double smoothed = average / (1 - Math.pow(SMOOTHING_BETA, i + 1));
      if (!Double.isFinite(smoothed)) {
        stop = LrSweep.Stop.NOT_FINITE;
        break;
      }
      lrs[recorded] = lr;
      losses[recorded++] = smoothed;
      best = Math.min(best, smoothed);
      notify(
          new Step(
              i + 1,
              n,
              epoch + 1,
              lr,
              loss,
              smoothed,
              images / seconds(start),
              seconds(start) / (i + 1) * (n - i - 1)));
      if (smoothed > DIVERGENCE_FACTOR * best) {
        stop = LrSweep.Stop.DIVERGED;
        break;
      }
    }
    return new LrSweep(
        Arrays.copyOf(lrs, recorded), Arrays.copyOf(losses, recorded), stop, seconds(start));
  }

  private void notify(Step step) {
    listeners.forEach(listener -> listener.onStep(step));
  }

  private static double seconds(long since) {
    return Math.max(1e-9, (System.nanoTime() - since) / 1e9);
  }

  /** Builds an {@link LrFinder}: {@code setX} values are required, {@code optX} optional. */
  public static final class Builder {
    private LrFinderSettings settings;
    private ImageSplit train;
    private Normalization normalization;
    private final List<Listener> listeners = new ArrayList<>();
    private BooleanSupplier cancelled = () -> false;

    private Builder() {}

    public Builder setSettings(LrFinderSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The training split the sweep draws its batches from. */
    public Builder setData(ImageSplit train) {
      this.train = train;
      return this;
    }

    /** Per-channel statistics; defaults to those of the split. */
    public Builder optNormalization(Normalization normalization) {
      this.normalization = normalization;
      return this;
    }

    public Builder addListener(Listener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** Polled before every iteration; {@code true} ends the sweep with {@code CANCELLED}. */
    public Builder optCancellation(BooleanSupplier cancelled) {
      this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
      return this;
    }

    /** Validates and builds. */
    public LrFinder build() {
      Objects.requireNonNull(settings, "settings are required");
      Objects.requireNonNull(train, "data are required");
      if (train.count() == 0) {
        throw new IllegalArgumentException("the training split is empty");
      }
      return new LrFinder(this);
    }
  }
}
