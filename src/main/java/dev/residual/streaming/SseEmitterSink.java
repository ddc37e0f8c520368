package dev.residual.streaming;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Writes stream events to a servlet SSE response. */
final class SseEmitterSink implements EventSink {

  static final String HEARTBEAT = "heartbeat";

  private final SseEmitter emitter;

  SseEmitterSink(SseEmitter emitter) {
    this.emitter = emitter;
  }

  @Override
  public void send(StreamEvent event) throws IOException {
    // The stored text is already JSON: as a String with a JSON media type it goes through the
    // String converter and is written verbatim instead of being encoded a second time.
    emitter.send(
        SseEmitter.event()
            .id(Long.toString(event.id()))
            .name(event.type())
            .data(singleLine(event.data()), MediaType.APPLICATION_JSON));
  }

  @Override
  public void heartbeat() throws IOException {
    emitter.send(SseEmitter.event().comment(HEARTBEAT));
  }

  @Override
  public void complete() {
    emitter.complete();
  }

  /**
   * A raw line break would end the SSE {@code data:} field and corrupt the event. In valid JSON a
   * raw CR or LF can only be insignificant whitespace (inside strings they are escaped), so turning
   * them into spaces keeps the document equal.
   */
  static String singleLine(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0
        ? json
        : json.replace('\r', ' ').replace('\n', ' ');
  }
}
