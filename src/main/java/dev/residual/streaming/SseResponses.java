package dev.residual.streaming;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The response every SSE endpoint gives. */
public final class SseResponses {

  private SseResponses() {}

  /** The stream, not cached, and marked so that nginx-style proxies do not buffer it. */
  public static ResponseEntity<SseEmitter> ok(SseEmitter stream) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noCache())
        .header("X-Accel-Buffering", "no")
        .body(stream);
  }
}
