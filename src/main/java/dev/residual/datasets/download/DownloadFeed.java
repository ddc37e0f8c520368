package dev.residual.datasets.download;

import dev.residual.streaming.EventFeed;
import dev.residual.streaming.StreamAppended;
import dev.residual.streaming.StreamEvent;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event streams of dataset downloads, keyed by dataset name: the events of the dataset's last
 * download, kept in memory. A stream ends once {@code done} or {@code failed} is appended.
 */
@Component
class DownloadFeed implements EventFeed {

  static final String NAME = "dataset-download";

  /** Wakes the streams of a dataset's download; published on every append. */
  record Appended(String key) implements StreamAppended {

    @Override
    public String feed() {
      return NAME;
    }
  }

  private final DownloadJobs jobs;
  private final JsonMapper json;

  DownloadFeed(DownloadJobs jobs, JsonMapper json) {
    this.jobs = jobs;
    this.json = json;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String subject() {
    return "download of dataset";
  }

  @Override
  public Optional<State> state(String name) {
    return jobs.find(name).map(job -> job.finished() ? State.ENDED : State.OPEN);
  }

  @Override
  public List<StreamEvent> eventsAfter(String name, long afterId, int limit) {
    return jobs.find(name).map(job -> job.eventsAfter(afterId, limit)).orElse(List.of()).stream()
        .map(e -> new StreamEvent(e.id(), e.type(), json.writeValueAsString(e.data())))
        .toList();
  }

  @Override
  public boolean isLast(StreamEvent event) {
    return DownloadEventData.DONE.equals(event.type())
        || DownloadEventData.FAILED.equals(event.type());
  }
}
