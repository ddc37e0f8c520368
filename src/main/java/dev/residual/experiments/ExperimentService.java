package dev.residual.experiments;

import dev.residual.experiments.internal.ExperimentRepository;
import dev.residual.experiments.internal.GridExpansion;
import dev.residual.experiments.internal.Presets;
import dev.residual.experiments.internal.ResultsAssembler;
import dev.residual.system.ConflictException;
import dev.residual.system.InvalidRequestException;
import dev.residual.system.NotFoundException;
import dev.residual.training.JobTag;
import dev.residual.training.TrainingJob;
import dev.residual.training.TrainingJobService;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Creates, reads, cancels and deletes experiments; their jobs run in the training queue. */
@Service
public class ExperimentService {

  private static final Pattern ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final GridExpansion expansion;
  private final ExperimentRepository experiments;
  private final TrainingJobService trainingJobs;
  private final ResultsAssembler results;
  private final Presets presets;
  private final JsonMapper json;

  ExperimentService(
      GridExpansion expansion,
      ExperimentRepository experiments,
      TrainingJobService trainingJobs,
      ResultsAssembler results,
      Presets presets,
      JsonMapper json) {
    this.expansion = expansion;
    this.experiments = experiments;
    this.trainingJobs = trainingJobs;
    this.results = results;
    this.presets = presets;
    this.json = json;
  }

  /**
   * Checks the whole grid, then inserts the experiment and all its jobs in one transaction: a crash
   * leaves either all of them or none, and the cell index forbids a second job per cell.
   */
  @Transactional
  public Experiment create(ExperimentRequest request) {
    ExperimentDefinition definition = expansion.define(request);
    String id = UUID.randomUUID().toString();
    experiments.insert(
        new ExperimentRepository.Row(
            id,
            definition.name(),
            definition.preset(),
            json.writeValueAsString(definition),
            definition.jobCount(),
            false,
            Instant.now()));
    for (GridExpansion.Cell cell : expansion.cells(definition)) {
      trainingJobs.submit(cell.request(), new JobTag(id, cell.variant(), cell.seed()));
    }
    return get(id);
  }

  public Experiment get(String id) {
    ExperimentRepository.Row row = row(id);
    ExperimentDefinition definition = definition(row);
    List<TrainingJob> jobs = trainingJobs.jobsOfExperiment(row.id());
    List<JobResult> jobResults =
        results.jobs(ordered(definition, jobs), experiments.evaluations(row.id()));
    return new Experiment(
        row.id(),
        row.name(),
        row.preset(),
        status(jobs),
        progress(jobs),
        row.cancelRequested(),
        jobs.size(),
        row.createdAt(),
        definition,
        results.variants(definition, jobResults));
  }

  public ExperimentResults results(String id) {
    Experiment experiment = get(id);
    List<JobResult> jobs = experiment.variants().stream().flatMap(v -> v.jobs().stream()).toList();
    return new ExperimentResults(
        experiment.id(),
        experiment.name(),
        experiment.status(),
        experiment.definition().headline(),
        jobs,
        experiment.variants());
  }

  public ExperimentSummary.Page list(int page, int size) {
    List<ExperimentSummary> items =
        experiments.page(page * size, size).stream()
            .map(
                row -> {
                  List<TrainingJob> jobs = trainingJobs.jobsOfExperiment(row.id());
                  return new ExperimentSummary(
                      row.id(),
                      row.name(),
                      row.preset(),
                      status(jobs),
                      progress(jobs),
                      jobs.size(),
                      row.createdAt());
                })
            .toList();
    return new ExperimentSummary.Page(items, page, size, experiments.count());
  }

  public List<PresetInfo> presets() {
    return presets.list();
  }

  /** Cancels every job that has not ended; 409 if the experiment has ended already. */
  @Transactional
  public Experiment cancel(String id) {
    ExperimentRepository.Row row = row(id);
    List<TrainingJob> jobs = trainingJobs.jobsOfExperiment(row.id());
    if (status(jobs).isTerminal()) {
      throw new ConflictException(
          "Experiment " + id + " has already finished (" + status(jobs) + ")");
    }
    experiments.requestCancel(row.id());
    for (TrainingJob job : jobs) {
      if (!job.status().isTerminal()) {
        trainingJobs.cancel(job.id());
      }
    }
    return get(id);
  }

  /** Deletes a finished experiment with its jobs (their events and checkpoints too). */
  @Transactional
  public void delete(String id) {
    ExperimentRepository.Row row = row(id);
    List<TrainingJob> jobs = trainingJobs.jobsOfExperiment(row.id());
    ExperimentStatus status = status(jobs);
    if (!status.isTerminal()) {
      throw new ConflictException("Experiment " + id + " is " + status + "; cancel it first");
    }
    for (TrainingJob job : jobs) {
      trainingJobs.delete(job.id());
    }
    experiments.delete(row.id());
  }

  private ExperimentRepository.Row row(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw InvalidRequestException.field("id", "is not an experiment id (a lower-case UUID)");
    }
    return experiments.find(id).orElseThrow(() -> new NotFoundException("Experiment", id));
  }

  private ExperimentDefinition definition(ExperimentRepository.Row row) {
    return json.readValue(row.definitionJson(), ExperimentDefinition.class);
  }

  /** Jobs in the definition's order of variants, then by seed. */
  private static List<TrainingJob> ordered(
      ExperimentDefinition definition, List<TrainingJob> jobs) {
    List<String> names = definition.variants().stream().map(ExperimentVariant::name).toList();
    return jobs.stream()
        .sorted(
            java.util.Comparator.<TrainingJob>comparingInt(
                    j -> names.indexOf(j.experiment().variant()))
                .thenComparingLong(j -> j.experiment().seed()))
        .toList();
  }

  private static ExperimentStatus status(List<TrainingJob> jobs) {
    return ExperimentStatus.of(jobs.stream().map(TrainingJob::status).toList());
  }

  private static double progress(List<TrainingJob> jobs) {
    if (jobs.isEmpty()) {
      return 0;
    }
    return jobs.stream().mapToDouble(j -> j.status().isTerminal() ? 1.0 : j.progress()).sum()
        / jobs.size();
  }
}
