package dev.residual.inference;

import dev.residual.checkpoints.CheckpointStore;
import dev.residual.inference.PredictionResponse.ClassProbability;
import dev.residual.inference.PredictionResponse.ImagePrediction;
import dev.residual.inference.PredictionResponse.Timings;
import dev.residual.inference.internal.BatchingQueue.Arrival;
import dev.residual.inference.internal.BatchingQueue.Completed;
import dev.residual.inference.internal.ModelKey;
import dev.residual.inference.internal.RequestTimedOutException;
import dev.residual.inference.internal.ServedModel;
import dev.residual.inference.registry.ModelRepository;
import dev.residual.inference.registry.ModelRepository.ModelRow;
import dev.residual.inference.registry.ModelRepository.VersionRow;
import dev.residual.system.ConflictException;
import dev.residual.system.DomainException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.NotFoundException;
import dev.residual.system.ServiceBusyException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/**
 * Answers prediction requests: finds the model (the active version, a given version, or a bare
 * checkpoint), prepares the images, queues them for the model's batcher and waits for the results
 * until the request's deadline.
 */
@Service
class PredictionService {

  private final ModelDeployments deployments;
  private final OnDemandModels onDemand;
  private final ModelRepository repository;
  private final CheckpointStore checkpoints;
  private final ImagePreparer preparer;
  private final InferenceProperties properties;

  PredictionService(
      ModelDeployments deployments,
      OnDemandModels onDemand,
      ModelRepository repository,
      CheckpointStore checkpoints,
      ImagePreparer preparer,
      InferenceProperties properties) {
    this.deployments = deployments;
    this.onDemand = onDemand;
    this.repository = repository;
    this.checkpoints = checkpoints;
    this.preparer = preparer;
    this.properties = properties;
  }

  /** With the model's active version. */
  PredictionResponse predictActive(String name, ImageUpload.Batch images, int topK, boolean tta) {
    requireCount(images);
    ServedModel.Lease lease = deployments.acquire(name).orElseThrow(() -> notServed(name));
    return predict(lease, images, topK, tta);
  }

  /** With a given version, active or not. */
  PredictionResponse predictVersion(
      String name, int version, ImageUpload.Batch images, int topK, boolean tta) {
    requireCount(images);
    Optional<ServedModel.Lease> active = deployments.acquire(name);
    if (active.isPresent()) {
      if (active.get().model().key().version() == version) {
        return predict(active.get(), images, topK, tta);
      }
      active.get().close();
    }
    repository.find(name).orElseThrow(() -> new NotFoundException("Model", name));
    VersionRow row =
        repository
            .version(name, version)
            .orElseThrow(() -> new NotFoundException("Model version", name + "/" + version));
    return predict(
        onDemand.acquire(ModelKey.of(name, version, row.checkpointId()), deadline()),
        images,
        topK,
        tta);
  }

  /** With a checkpoint that need not belong to any model. */
  PredictionResponse predictCheckpoint(
      UUID checkpointId, ImageUpload.Batch images, int topK, boolean tta) {
    requireCount(images);
    checkpoints.find(checkpointId);
    return predict(
        onDemand.acquire(ModelKey.checkpoint(checkpointId), deadline()), images, topK, tta);
  }

  /** When a request that starts now must have its answer, model loading included. */
  private long deadline() {
    return System.nanoTime() + properties.requestTimeout().toNanos();
  }

  private PredictionResponse predict(
      ServedModel.Lease lease, ImageUpload.Batch images, int topK, boolean tta) {
    long start = System.nanoTime();
    long deadline = start + properties.requestTimeout().toNanos();
    try (lease) {
      ServedModel model = lease.model();
      List<CompletableFuture<Completed<float[]>>> futures;
      long decodeNanos;
      try (Arrival arrival = lease.expectArrival()) {
        List<float[]> inputs = preparer.prepare(images.images(), model.input(), tta, deadline);
        decodeNanos = System.nanoTime() - start;
        futures = lease.submit(inputs, arrival);
      }
      List<Completed<float[]>> results = await(lease, futures, deadline);
      return respond(model, images, results, topK, tta, decodeNanos, start);
    }
  }

  private static List<Completed<float[]>> await(
      ServedModel.Lease lease, List<CompletableFuture<Completed<float[]>>> futures, long deadline) {
    List<Completed<float[]>> results = new ArrayList<>(futures.size());
    try {
      for (CompletableFuture<Completed<float[]>> future : futures) {
        results.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      }
      return results;
    } catch (TimeoutException e) {
      throw lease.timedOut();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RequestTimedOutException) {
        throw lease.timedOut();
      }
      if (e.getCause() instanceof DomainException api) {
        throw api;
      }
      throw new IllegalStateException(
          "Inference failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw lease.timedOut();
    } finally {
      // Whatever is still queued is nobody's business any more: the batcher skips it.
      futures.forEach(f -> f.cancel(false));
    }
  }

  private static PredictionResponse respond(
      ServedModel model,
      ImageUpload.Batch images,
      List<Completed<float[]>> results,
      int topK,
      boolean tta,
      long decodeNanos,
      long start) {
    List<String> classes = model.classes();
    int k = Math.min(topK, classes.size());
    int perImage = tta ? 2 : 1;
    List<ImagePrediction> predictions = new ArrayList<>();
    for (int i = 0; i < images.images().size(); i++) {
      float[] probabilities = results.get(i * perImage).output().clone();
      if (tta) {
        float[] mirrored = results.get(i * perImage + 1).output();
        for (int c = 0; c < probabilities.length; c++) {
          probabilities[c] = (probabilities[c] + mirrored[c]) / 2;
        }
      }
      List<ClassProbability> top = new ArrayList<>(k);
      for (int index : TopK.indices(probabilities, k)) {
        top.add(new ClassProbability(classes.get(index), index, probabilities[index]));
      }
      predictions.add(new ImagePrediction(i, images.images().get(i).name(), top));
    }
    long queued = results.stream().mapToLong(Completed::queuedNanos).max().orElse(0);
    long run = results.stream().mapToLong(Completed::runNanos).max().orElse(0);
    Timings timings =
        new Timings(
            millis(decodeNanos), millis(queued), millis(run), millis(System.nanoTime() - start));
    ModelKey key = model.key();
    return new PredictionResponse(
        key.model(), key.version(), key.checkpointId(), k, tta, predictions, timings);
  }

  private void requireCount(ImageUpload.Batch images) {
    int n = images.images().size();
    if (n == 0) {
      throw InvalidRequestException.field(
          ImageUploadResolver.IMAGE,
          "send an image as multipart field 'image' or 'images', or as the body");
    }
    if (n > properties.maxImages()) {
      throw InvalidRequestException.field(
          ImageUploadResolver.IMAGES,
          n + " images; at most " + properties.maxImages() + " per request");
    }
  }

  /** Why the model has no served version: unknown (404), none active (409), or not loaded (503). */
  private DomainException notServed(String name) {
    ModelRow model = repository.find(name).orElseThrow(() -> new NotFoundException("Model", name));
    if (model.activeVersion() == null) {
      return new ConflictException(
          "Model '"
              + name
              + "' has no active version; activate one with POST /api/v1/models/"
              + name
              + "/versions/{version}/activate");
    }
    String state =
        deployments.failure(name).map(f -> "could not be loaded (" + f + ")").orElse("is loading");
    return new ServiceBusyException(
        "Version " + model.activeVersion() + " of model '" + name + "' " + state,
        properties.syncInterval());
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
