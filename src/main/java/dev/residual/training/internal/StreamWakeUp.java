package dev.residual.training.internal;

import dev.residual.streaming.JobEventStreams;
import org.springframework.stereotype.Component;

/** Tells live SSE streams of a job that it has new events, so they need not wait for their poll. */
@Component
class StreamWakeUp implements JobEventLog.JobEventListener {

  private final JobEventStreams streams;

  StreamWakeUp(JobEventStreams streams) {
    this.streams = streams;
  }

  @Override
  public void eventsAppended(String jobId) {
    streams.wakeUp(jobId);
  }
}
