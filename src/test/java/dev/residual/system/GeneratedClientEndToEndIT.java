package dev.residual.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.residual.client.ApiClient;
import dev.residual.client.ApiException;
import dev.residual.client.api.ArchitecturesApi;
import dev.residual.client.api.CheckpointsApi;
import dev.residual.client.api.DatasetsApi;
import dev.residual.client.api.ModelsApi;
import dev.residual.client.api.PredictionsApi;
import dev.residual.client.api.TrainingJobsApi;
import dev.residual.client.model.Architecture;
import dev.residual.client.model.ArchitectureSpec;
import dev.residual.client.model.CheckpointSummary;
import dev.residual.client.model.ClassProbability;
import dev.residual.client.model.DatasetDownload;
import dev.residual.client.model.EpochMetrics;
import dev.residual.client.model.LrFinderRequest;
import dev.residual.client.model.NamedArchitecture;
import dev.residual.client.model.PredictionResponse;
import dev.residual.client.model.SummaryRequest;
import dev.residual.client.model.TrainingJob;
import dev.residual.client.model.TrainingJobRequest;
import dev.residual.datasets.idx.IdxData;
import dev.residual.datasets.idx.IdxReader;
import dev.residual.support.Contract;
import dev.residual.support.ContractCheckingHttpClient;
import dev.residual.support.SseClient;
import dev.residual.support.SseClient.Event;
import dev.residual.support.TestImages;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as a user of the generated Java client sees it: every call below goes through the
 * client that openapi-generator made from the committed {@code openapi.yaml}, and every exchange
 * (request bodies, responses, and the data of each server-sent event) is checked against that
 * contract's schemas. A job's {@code done} means its model serves: a prediction sent the moment
 * {@code done} is read answers 200, twenty times in a row.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "residual.data-dir=${java.io.tmpdir}/residual-test-${random.uuid}",
      "residual.training.batch-event-interval=200ms",
      "residual.training.poll-interval=100ms"
    })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientEndToEndIT {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
  static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(4);

  @LocalServerPort int port;

  private final Contract contract = Contract.load();
  private ContractCheckingHttpClient http;
  private ApiClient client;
  private File png;

  @BeforeAll
  void connect() throws Exception {
    http = new ContractCheckingHttpClient(HttpClient.newHttpClient(), contract);
    client =
        new ApiClient() {
          @Override
          public HttpClient getHttpClient() {
            return http;
          }
        };
    client.updateBaseUri("http://localhost:" + port);
    IdxData images =
        new IdxReader(10_000L * 28 * 28).read(FASHION_MNIST.resolve("t10k-images-idx3-ubyte.gz"));
    Path dir = Files.createDirectories(Path.of("target", "generated-client-it"));
    png = dir.resolve("test-0.png").toFile();
    Files.write(
        png.toPath(),
        TestImages.encode(
            TestImages.grey(28, 28, Arrays.copyOfRange(images.values(), 0, 784)), "png"));
  }

  @AfterEach
  void everyExchangeMatchedTheContract() {
    assertThat(http.violations()).as("exchanges that break openapi.yaml").isEmpty();
  }

  @Test
  void trainsPublishesAndPredictsThroughTheGeneratedClient() throws Exception {
    ArchitecturesApi architectures = new ArchitecturesApi(client);
    List<NamedArchitecture> named = architectures.listArchitectures();
    assertThat(named)
        .extracting(NamedArchitecture::getName)
        .contains("resnet18", "resnet34", "resnet50", "resnet101", "resnet152");
    assertThat(
            named.stream()
                .filter(a -> a.getName().equals("resnet18"))
                .findFirst()
                .orElseThrow()
                .getParameters())
        .isEqualTo(11_708_744L);
    var summary =
        architectures.summarizeArchitecture(
            new SummaryRequest()
                .architecture(new Architecture("resnet18"))
                .inputShape(List.of(1, 28, 28))
                .numClasses(10));
    assertThat(summary.getParameters()).isEqualTo(11_200_298L);

    TrainingJobsApi jobs = new TrainingJobsApi(client);
    // Unset lists go out as [] and unset fields as null: both mean "the default".
    TrainingJobRequest request =
        new TrainingJobRequest()
            .dataset("fashion-mnist")
            .architecture(
                new Architecture(
                    new ArchitectureSpec().widths(List.of(16, 32)).blocks(List.of(1, 1))))
            .epochs(2)
            .batchSize(64)
            .optimizer(TrainingJobRequest.OptimizerEnum.ADAMW)
            .learningRate(0.005)
            .seed(null)
            .limitTrainBatches(40)
            .limitValidBatches(10)
            .keepCheckpoints(1)
            .publishAs("fashion-client");
    TrainingJob queued = jobs.submitTrainingJob(request);
    String sent = http.exchanges().get(http.exchanges().size() - 1).requestBody();
    assertThat(sent)
        .as("what the generated client sent")
        .contains("\"imageSizes\":[]")
        .contains("\"stem\":[]");
    assertThat(queued.getStatus()).isEqualTo(TrainingJob.StatusEnum.QUEUED);
    assertThat(queued.getRequest().getImageSizes()).as("no progressive resizing").isNullOrEmpty();
    assertThat(queued.getRequest().getSeed()).isBetween(0L, (1L << 53) - 1);
    UUID id = queued.getId();

    TrainingJob done = jobs.getTrainingJob(id);
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (done.getStatus() == TrainingJob.StatusEnum.QUEUED
        || done.getStatus() == TrainingJob.StatusEnum.RUNNING) {
      assertThat(System.nanoTime()).as("job finished in time").isLessThan(deadline);
      Thread.sleep(100);
      done = jobs.getTrainingJob(id);
    }
    // Read SUCCEEDED, predict at once: the published model already serves.
    PredictionResponse first =
        new PredictionsApi(client).predictWithModel("fashion-client", 5, false, png, List.of());
    assertThat(done.getStatus()).isEqualTo(TrainingJob.StatusEnum.SUCCEEDED);
    assertThat(done.getPublication().getModel()).isEqualTo("fashion-client");
    assertThat(done.getPublication().getVersion()).isEqualTo(1);
    assertThat(done.getPublication().getActive()).isTrue();
    assertThat(first.getVersion()).isEqualTo(1);

    List<CheckpointSummary> checkpoints = new CheckpointsApi(client).listCheckpoints(id, null);
    assertThat(checkpoints).isNotEmpty().allSatisfy(c -> assertThat(c.getJobId()).isEqualTo(id));
    assertThat(checkpoints)
        .extracting(CheckpointSummary::getId)
        .contains(done.getBestCheckpointId());
    File archive = new CheckpointsApi(client).downloadCheckpoint(done.getBestCheckpointId());
    try (ZipFile zip = new ZipFile(archive)) {
      assertThat(zip.stream().map(e -> e.getName()).toList())
          .contains("metadata.json", "model.params");
    }

    List<EpochMetrics> metrics = jobs.getTrainingJobMetrics(id);
    assertThat(metrics).extracting(EpochMetrics::getEpoch).containsExactly(1, 2);
    assertThat(metrics.get(1).getTop1()).as("far above chance").isGreaterThan(0.4);

    PredictionResponse predicted =
        new PredictionsApi(client).predictWithModel("fashion-client", 5, false, png, List.of());
    List<ClassProbability> top5 = predicted.getPredictions().get(0).getClasses();
    assertThat(top5).hasSize(5);
    assertThat(top5)
        .extracting(ClassProbability::getLabel)
        .allSatisfy(label -> assertThat(CLASSES).contains(label));
    assertThat(top5)
        .extracting(ClassProbability::getProbability)
        .isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(new ModelsApi(client).getModel("fashion-client").getActiveVersion()).isEqualTo(1);

    ApiException unknown =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiException.class, () -> jobs.getTrainingJob(UUID.randomUUID()));
    assertThat(unknown.getCode()).isEqualTo(404);
    assertThat(http.exchanges()).hasSizeGreaterThan(10);
  }

  @Test
  void aDownloadOfADatasetThatIsThereAnswersThroughTheClient() throws Exception {
    DatasetsApi datasets = new DatasetsApi(client);

    DatasetDownload nothingToDo = datasets.startDatasetDownload("fashion-mnist");
    assertThat(nothingToDo.getName()).isEqualTo("fashion-mnist");
    assertThat(nothingToDo.getStatus()).isEqualTo(DatasetDownload.StatusEnum.AVAILABLE);
    assertThat(nothingToDo.getLastEvent()).isNull();

    ApiException none =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiException.class, () -> datasets.getDatasetDownload("fashion-mnist"));
    assertThat(none.getCode()).isEqualTo(404);
    assertThat(none.getResponseBody()).contains("fashion-mnist");
  }

  @Test
  void anLrFinderJobsRequestResultAndEventsMatchTheContract() throws Exception {
    TrainingJobsApi jobs = new TrainingJobsApi(client);
    TrainingJob queued =
        jobs.submitLrFinderJob(
            new LrFinderRequest()
                .dataset("fashion-mnist")
                .architecture(new Architecture(tiny()))
                .batchSize(16)
                .numIterations(8)
                .startLr(null)
                .seed(3L));
    assertThat(queued.getRequest()).as("a training job's field").isNull();
    assertThat(queued.getLrFinderRequest().getNumIterations()).isEqualTo(8);
    List<Event> events = follow(queued.getId(), "lr-finder", event -> {});
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
    TrainingJob done = jobs.getTrainingJob(queued.getId());
    assertThat(done.getStatus()).isEqualTo(TrainingJob.StatusEnum.SUCCEEDED);
    assertThat(done.getLrFinder().getPoints()).isNotEmpty();
  }

  /**
   * Twenty tiny jobs, each publishing a model of its own, one after the other: the moment a job's
   * {@code done} is read, its model predicts. When the publication followed {@code done}, the
   * prediction raced the loading of the model's first version and answered 409.
   */
  @Test
  void aPredictionSentTheMomentDoneIsReadIsServed() throws Exception {
    TrainingJobsApi jobs = new TrainingJobsApi(client);
    PredictionsApi predictions = new PredictionsApi(client);
    ApiException warmUp =
        org.junit.jupiter.api.Assertions.assertThrows(
            ApiException.class,
            () -> predictions.predictWithModel("race-none", 5, false, png, List.of()));
    assertThat(warmUp.getCode()).isEqualTo(404);
    int runs = 20;
    List<Long> gapsNanos = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String model = "race-" + i;
      UUID id =
          jobs.submitTrainingJob(
                  new TrainingJobRequest()
                      .dataset("fashion-mnist")
                      .architecture(new Architecture(tiny()))
                      .epochs(1)
                      .batchSize(16)
                      .limitTrainBatches(2)
                      .limitValidBatches(1)
                      .keepCheckpoints(1)
                      .seed((long) i)
                      .publishAs(model))
              .getId();
      List<PredictionResponse> answers = new ArrayList<>();
      follow(
          id,
          "train",
          event -> {
            if (event.type().equals("done")) {
              long read = System.nanoTime();
              try {
                answers.add(predictions.predictWithModel(model, 5, false, png, List.of()));
              } catch (ApiException e) {
                throw new AssertionError(
                    "answered " + e.getCode() + " right after done: " + e.getResponseBody(), e);
              }
              gapsNanos.add(http.lastSendNanos() - read);
            }
          });
      assertThat(answers).as("run %d", i).hasSize(1);
      assertThat(answers.get(0).getModel()).isEqualTo(model);
      assertThat(answers.get(0).getVersion()).isEqualTo(1);
    }
    // Client-side only (building the multipart body, thread scheduling): reported, not asserted,
    // as it measures the test machine's load rather than the service.
    System.out.printf(
        "Reading done to sending the prediction, ms: %s%n",
        gapsNanos.stream()
            .map(n -> String.format(java.util.Locale.ROOT, "%.2f", n / 1e6))
            .toList());
  }

  private static ArchitectureSpec tiny() {
    return new ArchitectureSpec().stem(List.of(8, 8, 16)).widths(List.of(16)).blocks(List.of(1));
  }

  /** Reads a job's events to {@code done}, checking each one's data against the contract. */
  private List<Event> follow(UUID id, String kind, java.util.function.Consumer<Event> onEvent)
      throws Exception {
    List<Event> events =
        SseClient.readAll(
            HttpClient.newHttpClient(),
            URI.create("http://localhost:" + port + "/api/v1/training-jobs/" + id + "/events"),
            null,
            JOB_TIMEOUT,
            event -> {
              String schema =
                  contract
                      .eventSchema(kind, event.type())
                      .orElseThrow(
                          () ->
                              new AssertionError(
                                  "event type '" + event.type() + "' not in the contract"));
              assertThat(contract.validateSchema(schema, event.data()))
                  .as("%s event of job %s: %s", event.type(), id, event.data())
                  .isEmpty();
              onEvent.accept(event);
            });
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1).type()).isEqualTo("done");
    JsonNode done = JSON.readTree(events.get(events.size() - 1).data());
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
    return events;
  }
}
