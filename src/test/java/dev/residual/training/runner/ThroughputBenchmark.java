package dev.residual.training.runner;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.LabeledDataset;
import dev.residual.models.ArchitectureSpec;
import dev.residual.models.Architectures;
import dev.residual.models.ResNets;

/**
 * Training throughput of {@link TrainingRunner} on Fashion-MNIST, measured like the peer {@code
 * shared/bench/peer_train.py}: the same network, batch size and SGD (lr 0.05, momentum 0.9, no
 * decay), warm-up batches excluded, then {@code STEPS} batches timed, data preparation included.
 * Run by {@code bench/train_throughput.sh}; prints {@code runner_img_per_s N}.
 *
 * <p>Usage: {@code ThroughputBenchmark ARCH BATCH STEPS [SIZE] [WARMUP] [runner|naive]}; {@code
 * naive} times {@link NaiveDjlLoop} instead (28 px only) and prints {@code naive_img_per_s N}.
 */
public final class ThroughputBenchmark {

  private ThroughputBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) {
    String arch = args.length > 0 ? args[0] : "resnet18";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 28;
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    boolean naive = args.length > 5 && args[5].equals("naive");
    if (warmup < 1 || steps < 1) {
      throw new IllegalArgumentException("need at least one warm-up and one timed step");
    }
    ArchitectureSpec spec =
        Architectures.named(arch)
            .orElseThrow(() -> new IllegalArgumentException("unknown architecture " + arch));
    LabeledDataset data = FashionMnistSample.load(60_000, 0);
    if (naive) {
      Block block = ResNets.build(spec, 1, 10, size, size);
      double rate = NaiveDjlLoop.imagesPerSecond(block, data.train(), batch, warmup, steps);
      System.out.printf("naive_img_per_s %.1f%n", rate);
      return;
    }
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(1)
            .setLearningRate(0.05)
            .optSchedule(ScheduleKind.CONSTANT)
            .optMomentum(0.9)
            .optWeightDecay(0)
            .optBatchSize(batch)
            .optImageSize(size)
            .optLimitTrainBatches(warmup + steps)
            .optLimitValidBatches(0)
            .build();
    Timer timer = new Timer(warmup, warmup + steps);
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = ResNets.build(spec, 1, 10, size, size);
      TrainingRunner.builder()
          .setSettings(settings)
          .setData(data)
          .addListener(timer)
          .build()
          .run(block, manager);
    }
    double seconds = (timer.end - timer.start) / 1e9;
    System.out.printf("runner_img_per_s %.1f%n", steps * batch / seconds);
  }

  /** Notes the time after the warm-up batches and after the last timed batch. */
  private static final class Timer implements TrainingListener {
    private final int startBatch;
    private final int endBatch;
    private long start;
    private long end;

    Timer(int startBatch, int endBatch) {
      this.startBatch = startBatch;
      this.endBatch = endBatch;
    }

    @Override
    public void onBatch(BatchProgress progress) {
      if (progress.batch() == startBatch) {
        start = System.nanoTime();
      } else if (progress.batch() == endBatch) {
        end = System.nanoTime();
      }
    }
  }
}
