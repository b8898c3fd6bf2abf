package io.kompass.app.dashboard;

import io.kompass.app.numbers.DataChanged;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.NumbersReady;
import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Computes the default overview when the server starts and again after every import, in the
 * background, so that the first person to open it (and every open dashboard told about new data)
 * gets its numbers from the cache. The default overview runs the same team-level queries for
 * every role, so one computation serves everyone. Then it announces {@link NumbersReady}.
 */
@Component
class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /** Computes as an admin would see it; the queries are the team-level ones every role runs. */
  static final SignedIn KOMPASS = new SignedIn(0, "kompass", "Kompass", Role.ADMIN, null, null, null, null);

  private final Numbers numbers;
  private final ApplicationEventPublisher events;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kompass-warmup");
    t.setDaemon(true);
    return t;
  });

  Warmup(Numbers numbers, ApplicationEventPublisher events) {
    this.numbers = numbers;
    this.events = events;
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    worker.execute(this::compute);
  }

  @EventListener
  void on(DataChanged changed) {
    worker.execute(() -> {
      compute();
      events.publishEvent(new NumbersReady(changed.version(), changed.importId()));
    });
  }

  private void compute() {
    long start = System.nanoTime();
    try {
      Overview.of(numbers, KOMPASS, Filters.defaults(Pages.today(numbers)), Focus.ids(numbers, null));
      LOG.debug("default overview computed in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("could not compute the default overview ahead of time: {}", e.getMessage());
    }
  }
}
