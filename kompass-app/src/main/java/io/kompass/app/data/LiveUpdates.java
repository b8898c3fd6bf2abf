package io.kompass.app.data;

import io.kompass.app.numbers.NumbersReady;
import io.kompass.app.numbers.DataVersion;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for open dashboards: a {@code version} event when the stream opens and a
 * {@code data} event ({@code {"version": 8, "import": 3}}) whenever an import has committed (and the
 * default numbers on it are computed). The
 * pages then fetch their numbers again; the browser reconnects by itself when a stream ends.
 */
@RestController
class LiveUpdates {

  static final Duration STREAM_LIFETIME = Duration.ofMinutes(30);

  private final Set<SseEmitter> streams = ConcurrentHashMap.newKeySet();
  private final DataVersion version;

  LiveUpdates(DataVersion version) {
    this.version = version;
  }

  @GetMapping(path = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events() throws IOException {
    SseEmitter stream = new SseEmitter(STREAM_LIFETIME.toMillis());
    streams.add(stream);
    stream.onCompletion(() -> streams.remove(stream));
    stream.onTimeout(() -> streams.remove(stream));
    stream.onError(e -> streams.remove(stream));
    stream.send(SseEmitter.event().name("version").data(Map.of("version", version.current())));
    return stream;
  }

  /** Told once the default numbers on the new data are computed, so that refreshing pages find them in the cache. */
  @EventListener
  void on(NumbersReady changed) {
    for (SseEmitter stream : streams) {
      try {
        stream.send(SseEmitter.event().name("data").data(Map.of("version", changed.version(), "import", changed.importId())));
      } catch (IOException | IllegalStateException e) {
        streams.remove(stream);
      }
    }
  }

  /**
   * Ends the open streams when the server stops, before it waits for running requests to finish:
   * an open stream is such a request, and would hold the shutdown for its whole grace period.
   */
  @EventListener(ContextClosedEvent.class)
  void closing() {
    for (SseEmitter stream : streams) {
      stream.complete();
    }
    streams.clear();
  }

  int open() {
    return streams.size();
  }
}
