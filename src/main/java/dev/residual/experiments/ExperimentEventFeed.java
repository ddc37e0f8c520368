package dev.residual.experiments;

import dev.residual.experiments.internal.ExperimentRepository;
import dev.residual.streaming.EventFeed;
import dev.residual.streaming.StreamEvent;
import dev.residual.training.ExperimentJobEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event stream of an experiment (the key is its id): the {@code status} and {@code epoch}
 * events of all its jobs, in the order they were stored, each with the job's {@code jobId}, {@code
 * variant} and {@code seed} added, then one {@code done} once every job has ended.
 *
 * <p>Event ids are those of the jobs' events, which grow across all jobs, so {@code Last-Event-ID}
 * resumes an experiment's stream exactly as it resumes a job's. The {@code done} event is not
 * stored: its id is one above the greatest event id of the experiment's jobs, which no longer grows
 * once they have all ended, so a client that saw it and reconnects gets nothing more.
 */
@Component
class ExperimentEventFeed implements EventFeed {

  static final String NAME = "experiment";

  private static final List<String> ENDED = List.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final ExperimentRepository experiments;
  private final ExperimentJobEvents jobs;
  private final JsonMapper json;

  ExperimentEventFeed(ExperimentRepository experiments, ExperimentJobEvents jobs, JsonMapper json) {
    this.experiments = experiments;
    this.jobs = jobs;
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String subject() {
    return "Experiment";
  }

  @Override
  public Optional<State> state(String experimentId) {
    return status(experimentId).map(s -> ENDED.contains(s) ? State.ENDED : State.OPEN);
  }

  /**
   * RUNNING while any job is queued or running; then SUCCEEDED if all succeeded, FAILED if any
   * failed, else CANCELLED (an experiment without jobs among them). Empty if there is no such
   * experiment.
   */
  Optional<String> status(String experimentId) {
    if (!experiments.exists(experimentId)) {
      return Optional.empty();
    }
    List<String> statuses = jobs.jobStatuses(experimentId);
    if (statuses.contains("QUEUED") || statuses.contains("RUNNING")) {
      return Optional.of("RUNNING");
    }
    if (!statuses.isEmpty() && statuses.stream().allMatch("SUCCEEDED"::equals)) {
      return Optional.of("SUCCEEDED");
    }
    return Optional.of(statuses.contains("FAILED") ? "FAILED" : "CANCELLED");
  }

  @Override
  public List<StreamEvent> eventsAfter(String experimentId, long afterId, int limit) {
    // Read the status first: events a job appended before it ended are then in the page below.
    Optional<String> status = status(experimentId);
    List<StreamEvent> page = new ArrayList<>(jobs.eventsAfter(experimentId, afterId, limit));
    if (page.size() < limit && status.isPresent() && ENDED.contains(status.get())) {
      page.add(done(experimentId, status.get()));
    }
    return page;
  }

  private StreamEvent done(String experimentId, String status) {
    List<String> statuses = jobs.jobStatuses(experimentId);
    ObjectNode data = json.createObjectNode();
    data.put("status", status);
    data.put("jobs", statuses.size());
    for (String s : ENDED) {
      data.put(s.toLowerCase(Locale.ROOT), statuses.stream().filter(s::equals).count());
    }
    return new StreamEvent(
        jobs.lastEventId(experimentId) + 1, "done", json.writeValueAsString(data));
  }
}
