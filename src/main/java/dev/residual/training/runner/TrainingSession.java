package dev.residual.training.runner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/** The epoch loop of one {@link TrainingRunner#run}: train, validate, report, snapshot. */
final class TrainingSession {

  private static final double SMOOTHING_BETA = 0.98;

  private final TrainingSettings settings;
  private final Block block;
  private final ParameterOptimizer optimizer;
  private final BatchLoader train;
  private final NDManager runManager;
  private final ParameterStore parameterStore;
  private final List<TrainingListener> listeners;
  private final BooleanSupplier cancelled;
  private final BatchLoader valid;
  private final ValidationPass validation;
  private final int batches;
  private final long totalSteps;
  private final LearningSchedule schedule;

  private long step;
  private long sessionSteps;
  private long sessionStart;
  private double lossAverage;

  TrainingSession(
      TrainingSettings settings,
      Block block,
      ParameterOptimizer optimizer,
      BatchLoader train,
      BatchLoader valid,
      NDManager runManager,
      List<TrainingListener> listeners,
      BooleanSupplier cancelled) {
    this.settings = settings;
    this.block = block;
    this.optimizer = optimizer;
    this.train = train;
    this.runManager = runManager;
    this.parameterStore = new ParameterStore(runManager, false);
    this.listeners = listeners;
    this.cancelled = cancelled;
    this.valid = valid;
    this.validation =
        new ValidationPass(block, parameterStore, runManager, settings.labelSmoothing(), cancelled);
    this.batches = train.trainBatches(settings.limitTrainBatches());
    this.totalSteps = (long) batches * settings.epochs();
    this.schedule = LearningSchedule.of(settings, totalSteps);
  }

  /** Trains epochs {@code firstEpoch} (0-based) to the last, steps counting from {@code step}. */
  TrainingResult run(int firstEpoch, long firstStep, long seed) {
    step = firstStep;
    sessionStart = System.nanoTime();
    List<EpochResult> results = new ArrayList<>();
    for (int epoch = firstEpoch; epoch < settings.epochs(); epoch++) {
      long epochStart = System.nanoTime();
      Integer size = settings.imageSizeAt(epoch);
      TrainPass trained = trainEpoch(epoch, size, seed, train.shuffled(seed, epoch));
      if (trained.stopped() != null) {
        return result(trained.stopped(), epoch, results);
      }
      ValidationPass.Result pass = validation.run(valid, settings.limitValidBatches(), size, null);
      if (pass == null) {
        return result(TrainingOutcome.CANCELLED, epoch, results);
      }
      EpochResult result =
          new EpochResult(
              epoch + 1,
              trained.meanLoss(),
              pass.loss(),
              pass.top1(),
              pass.top5(),
              seconds(epochStart),
              trained.imagesPerSecond(),
              pass.imagesPerSecond());
      results.add(result);
      listeners.forEach(listener -> listener.onEpoch(result));
      if (!listeners.isEmpty()) {
        TrainingState state =
            TrainingState.capture(epoch + 1, step, seed, settings.optimizer(), block, optimizer);
        listeners.forEach(listener -> listener.onCheckpoint(state));
      }
    }
    return result(TrainingOutcome.COMPLETED, settings.epochs(), results);
  }

  /** How an epoch's training went: {@code stopped} is null when it finished. */
  private record TrainPass(TrainingOutcome stopped, double meanLoss, double imagesPerSecond) {

    static TrainPass stopped(TrainingOutcome outcome) {
      return new TrainPass(outcome, Double.NaN, Double.NaN);
    }
  }

  private TrainPass trainEpoch(int epoch, Integer size, long seed, int[] order) {
    long start = System.nanoTime();
    double lossSum = 0;
    long images = 0;
    for (int batch = 0; batch < batches; batch++) {
      if (cancelled.getAsBoolean()) {
        return TrainPass.stopped(TrainingOutcome.CANCELLED);
      }
      double learningRate = schedule.learningRate(step);
      float loss;
      try (NDManager batchManager = runManager.newSubManager()) {
        SplittableRandom random = batchRandom(seed, epoch, batch);
        NDList data =
            train.batch(
                batchManager, order, batch, size, settings.augmentation(), random.nextLong());
        NDArray y = data.get(1);
        MixUp mixUp =
            settings.mixupAlpha() > 0
                ? MixUp.sample(train.batchLength(order, batch), settings.mixupAlpha(), random)
                : null;
        NDArray x = mixUp == null ? data.get(0) : mixUp.mixInputs(data.get(0));
        NDArray lossArray = Autograd.forwardBackward(x, () -> trainingLoss(x, y, mixUp));
        optimizer.step(learningRate, schedule.momentum(step), settings.weightDecay(), step);
        // Eager CPU execution has already computed the loss: reading it costs one JNI call.
        loss = lossArray.getFloat();
        images += x.getShape().get(0);
      }
      step++;
      sessionSteps++;
      if (!Float.isFinite(loss)) {
        return TrainPass.stopped(TrainingOutcome.DIVERGED);
      }
      lossSum += loss;
      lossAverage = SMOOTHING_BETA * lossAverage + (1 - SMOOTHING_BETA) * loss;
      if (!listeners.isEmpty()) {
        BatchProgress progress =
            progress(epoch, batch, loss, learningRate, images / seconds(start));
        listeners.forEach(listener -> listener.onBatch(progress));
      }
    }
    return new TrainPass(null, lossSum / batches, images / seconds(start));
  }

  private NDArray trainingLoss(NDArray x, NDArray y, MixUp mixUp) {
    NDArray logits = block.forward(parameterStore, new NDList(x), true).singletonOrThrow();
    return mixUp == null
        ? CrossEntropyLoss.mean(logits, y, settings.labelSmoothing())
        : mixUp.loss(logits, y, settings.labelSmoothing());
  }

  /**
   * The generator of batch {@code batch} of epoch {@code epoch}: a function of the run's seed and
   * the batch's position only, so that a resumed run augments and mixes exactly as an uninterrupted
   * one would.
   */
  static SplittableRandom batchRandom(long seed, int epoch, int batch) {
    long mixed = seed ^ (0xBF58476D1CE4E5B9L * (epoch + 1L)) ^ (0x94D049BB133111EBL * (batch + 1L));
    return new SplittableRandom(new SplittableRandom(mixed).nextLong());
  }

  private BatchProgress progress(int epoch, int batch, float loss, double lr, double rate) {
    double smoothed = lossAverage / (1 - Math.pow(SMOOTHING_BETA, sessionSteps));
    double secondsPerStep = seconds(sessionStart) / sessionSteps;
    double eta = secondsPerStep * (totalSteps - step);
    return new BatchProgress(
        epoch + 1, batch + 1, batches, loss, smoothed, lr, rate, (double) step / totalSteps, eta);
  }

  private TrainingResult result(TrainingOutcome outcome, int epochs, List<EpochResult> results) {
    return new TrainingResult(outcome, epochs, step, results, seconds(sessionStart));
  }

  private static double seconds(long since) {
    return Math.max(1e-9, (System.nanoTime() - since) / 1e9);
  }
}
