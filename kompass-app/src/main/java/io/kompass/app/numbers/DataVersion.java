package io.kompass.app.numbers;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A number that grows whenever the workspace's data changes while the server runs. Cached results
 * are keyed by it, and pages carry it so that a live update can tell new numbers from old. It starts
 * from the time the server started (in milliseconds), so that a page left open across a restart
 * (after which the data may have changed) tells the restarted server's numbers from its own.
 */
@Component
public class DataVersion {

  private final AtomicLong version = new AtomicLong(System.currentTimeMillis());
  private final ApplicationEventPublisher events;

  public DataVersion(ApplicationEventPublisher events) {
    this.events = events;
  }

  public long current() {
    return version.get();
  }

  /**
   * Records that data changed (after a committed import) and tells everyone who listens. First, on
   * this thread, {@link DataCommitted} lets listeners prepare numbers for the new data (the default
   * overview is computed and kept), so that the new version is announced with them ready; until
   * then views show the version announced before.
   */
  public DataChanged bump(long importId) {
    DataChanged changed;
    try {
      events.publishEvent(new DataCommitted(importId));
    } finally {
      // Committed data is announced whatever happened while preparing for it.
      changed = new DataChanged(version.incrementAndGet(), importId);
      events.publishEvent(changed);
    }
    return changed;
  }
}
