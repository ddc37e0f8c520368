package dev.residual.datasets;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.residual.datasets.images.CacheFile;
import dev.residual.datasets.images.FolderLayout;
import dev.residual.datasets.images.FolderScanner;
import dev.residual.datasets.images.ImageCacheBuilder;
import dev.residual.datasets.images.ImageDecoder;
import dev.residual.models.Architectures;
import dev.residual.models.ResNets;
import dev.residual.support.TestImages;
import dev.residual.training.runner.ScheduleKind;
import dev.residual.training.runner.TrainingResult;
import dev.residual.training.runner.TrainingRunner;
import dev.residual.training.runner.TrainingSettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.SplittableRandom;
import org.springframework.util.FileSystemUtils;

/**
 * Throughput of the image-folder pipeline on generated 160-px JPEGs, run by {@code
 * bench/image_pipeline.sh}: the first epoch (scan, decode, crop and scale on every core, write the
 * cache) against cached epochs (read the cache file, gather shuffled uint8 batches as the trainer
 * does), and the share of a cached epoch spent waiting for data when a resnet18 trains on it.
 *
 * <p>Usage: {@code ImagePipelineBenchmark [IMAGES] [EPOCHS] [TRAIN_SIZE] [TRAIN_BATCHES]}.
 */
public final class ImagePipelineBenchmark {

  private ImagePipelineBenchmark() {}

  /** Entry point. */
  public static void main(String[] args) throws IOException {
    int images = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int trainSize = args.length > 2 ? Integer.parseInt(args[2]) : 128;
    int trainBatches = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    int batch = 32;
    Path dir = Files.createTempDirectory("residual-bench-images");
    try {
      generate(dir.resolve("images"), images);
      ImageDecoder decoder = new ImageDecoder(89_478_485L);
      ImageCacheBuilder builder =
          new ImageCacheBuilder(decoder, Runtime.getRuntime().availableProcessors());

      long start = System.nanoTime();
      FolderLayout layout = new FolderScanner(200_000, 0.2, 42).scan(dir.resolve("images"));
      ImageCacheBuilder.Built built =
          builder.build(layout, builder.chooseSide(layout, 160), (d, t) -> {});
      CacheFile.write(dir.resolve("cache/train.u8"), built.train());
      CacheFile.write(dir.resolve("cache/valid.u8"), built.valid());
      double first = seconds(start);
      System.out.printf(
          "first_epoch_img_per_s %.1f (%d images at %d px, %.2f s)%n",
          images / first, images, built.side(), first);

      LabeledDataset dataset = null;
      double gatherPerImage = 0;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        long read = System.nanoTime();
        ImageSplit train = CacheFile.read(dir.resolve("cache/train.u8"), 10);
        ImageSplit valid = CacheFile.read(dir.resolve("cache/valid.u8"), 10);
        double readSeconds = seconds(read);
        long gather = System.nanoTime();
        gatherAll(train, batch, epoch);
        double gatherSeconds = seconds(gather);
        gatherPerImage = gatherSeconds / train.count();
        System.out.printf(
            "cached_epoch %d: read_cache_img_per_s %.0f  gather_img_per_s %.0f  decoded %d%n",
            epoch, images / readSeconds, train.count() / gatherSeconds, decoder.decodedCount());
        dataset = new LabeledDataset("bench", layout.classes(), train, valid);
      }

      double trainRate = trainRate(dataset, trainSize, batch, trainBatches);
      double wait = gatherPerImage / (gatherPerImage + 1 / trainRate);
      double firstWait = first / (first + images / trainRate);
      System.out.printf("resnet18_train_img_per_s %.1f at %d px%n", trainRate, trainSize);
      System.out.printf("data_wait_share_cached %.4f%n", wait);
      System.out.printf("data_wait_share_first_epoch %.3f%n", firstWait);
    } finally {
      FileSystemUtils.deleteRecursively(dir);
    }
  }

  /** Ten classes of 200×160 JPEGs (Imagenette-160's shape) with shapes and noise. */
  private static void generate(Path root, int images) throws IOException {
    Random random = new Random(1);
    for (int i = 0; i < images; i++) {
      BufferedImage shape = TestImages.shape(i % 3, 200, random);
      BufferedImage image = shape.getSubimage(0, 20, 200, 160);
      for (int n = 0; n < 2000; n++) {
        image.setRGB(random.nextInt(200), random.nextInt(160), random.nextInt(0x1000000));
      }
      Path file = root.resolve("class" + (i % 10)).resolve(i + ".jpg");
      Files.createDirectories(file.getParent());
      Files.write(file, TestImages.encode(image, "jpeg"));
    }
  }

  /** What BatchLoader does before the engine sees a batch: gather shuffled images into a buffer. */
  private static void gatherAll(ImageSplit split, int batch, int epoch) {
    int[] order = new int[split.count()];
    SplittableRandom random = new SplittableRandom(epoch);
    for (int i = 0; i < order.length; i++) {
      int j = random.nextInt(i + 1);
      order[i] = order[j];
      order[j] = i;
    }
    ByteBuffer staging = ByteBuffer.allocateDirect(batch * split.imageBytes());
    for (int start = 0; start < order.length; start += batch) {
      staging.clear();
      for (int i = start; i < Math.min(order.length, start + batch); i++) {
        staging.put(split.pixels(), order[i] * split.imageBytes(), split.imageBytes());
      }
    }
  }

  private static double trainRate(LabeledDataset data, int size, int batch, int batches) {
    TrainingSettings settings =
        TrainingSettings.builder()
            .setEpochs(1)
            .setLearningRate(0.05)
            .optSchedule(ScheduleKind.CONSTANT)
            .optBatchSize(batch)
            .optImageSize(size)
            .optLimitTrainBatches(batches)
            .optLimitValidBatches(1)
            .build();
    try (NDManager manager = NDManager.newBaseManager()) {
      Block block = ResNets.build(Architectures.named("resnet18").orElseThrow(), 3, 10, size, size);
      TrainingResult result =
          TrainingRunner.builder().setSettings(settings).setData(data).build().run(block, manager);
      return result.epochs().get(0).imagesPerSecond();
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
