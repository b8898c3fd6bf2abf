package io.kompass.app.dashboard;

import io.kompass.app.numbers.DataChanged;
import io.kompass.app.numbers.DataCommitted;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.numbers.NumbersReady;
import io.kompass.app.people.Role;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiRequest;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Computes the default overview when the server starts and again after every import, in the
 * background, so that the first person to open it (and every open dashboard told about new data)
 * gets its numbers from the cache. The default overview runs the same team-level queries for every
 * role, so one computation serves everyone. Then it announces {@link NumbersReady}. At start it also
 * sends the server its first request.
 */
@Component
class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

  /** Computes as an admin would see it; the queries are the team-level ones every role runs. */
  static final SignedIn KOMPASS = new SignedIn(0, "kompass", "Kompass", Role.ADMIN, null, null, null, null);

  /** How long no request must have computed numbers before a history is computed. */
  static final Duration QUIET = Duration.ofSeconds(2);

  private final Numbers numbers;
  private final ApplicationEventPublisher events;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kompass-warmup");
    t.setDaemon(true);
    return t;
  });
  /** Guards {@link #historiesDone}, the newest data version whose histories are all computed. */
  private final Object done = new Object();
  private long historiesDone = Long.MIN_VALUE;
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "kompass-histories");
    t.setDaemon(true);
    return t;
  });

  Warmup(Numbers numbers, ApplicationEventPublisher events) {
    this.numbers = numbers;
    this.events = events;
  }

  @EventListener
  void started(ApplicationReadyEvent ready) {
    long at = numbers.version();
    run(worker, () -> {
      compute();
      histories(at);
    });
    var env = ready.getApplicationContext().getEnvironment();
    // Over TLS the request would need the server's certificate trusted here; such a server skips it.
    if (ready.getApplicationContext() instanceof WebServerApplicationContext web && !env.getProperty("server.ssl.enabled", Boolean.class, false)) {
      firstRequest(web.getWebServer().getPort(), env.getProperty("server.address"), env.getProperty("server.servlet.context-path", ""));
    }
  }

  /**
   * Asks the server for its sign-in page once, before it counts as started (beside the computation
   * above): the first request a server answers sets up its web stack (request mapping, security,
   * templates), about half a second that the first person to open a page should not wait for.
   */
  private static void firstRequest(int port, String bind, String contextPath) {
    try {
      InetAddress address = bind == null || InetAddress.getByName(bind).isAnyLocalAddress() ? InetAddress.getLoopbackAddress()
          : InetAddress.getByName(bind);
      String host = address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + contextPath + "/login"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
      LOG.debug("first request answered {}", r.statusCode());
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not send the first request to the server itself: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * New data is committed but not announced yet: computes the default overview's KPIs for it and
   * keeps them, on the importing thread, so that the computation after the announcement reads them
   * and every view and open dashboard gets the new numbers at once instead of waiting for them.
   */
  @EventListener
  void on(DataCommitted committed) {
    long start = System.nanoTime();
    try {
      if (Overview.keepDefault(numbers)) {
        LOG.debug("default overview computed for import {} in {} ms", committed.importId(), (System.nanoTime() - start) / 1_000_000);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not compute the default overview for the new data before announcing it: {}", e.getMessage());
    }
  }

  @EventListener
  void on(DataChanged changed) {
    run(worker, () -> {
      compute();
      events.publishEvent(new NumbersReady(changed.version(), changed.importId()));
      histories(changed.version());
    });
  }

  /**
   * Then, on a thread of their own, the focus KPIs' histories at every grain (see {@link
   * Numbers#computeHistory}), so that another range or grain of the team overview, or a focus KPI's
   * trend, is read from them instead of computed. Each KPI's history at each grain is computed alone,
   * once no request has computed numbers for {@link #QUIET}, so that this work mostly takes the
   * processors while nobody waits for them (one that has started runs to its end). Stopped once
   * newer data has arrived (its own turn computes them).
   */
  private void histories(long version) {
    run(background, () -> {
      boolean all = true;
      for (Grain grain : Filters.GRAINS_BY_USE) {
        long start = System.nanoTime();
        try {
          Filters f = Filters.defaults(numbers, grain);
          for (String id : Focus.ids(numbers, null)) {
            numbers.awaitQuiet(QUIET);
            if (numbers.version() != version) {
              return;
            }
            long one = System.nanoTime();
            numbers.computeHistory(KOMPASS, f.query(List.of(KpiRequest.of(id)), List.of(), f.filter()));
            LOG.debug("{} history of {} computed in {} ms", grain.id(), id, (System.nanoTime() - one) / 1_000_000);
          }
        } catch (RuntimeException e) {
          all = false;
          LOG.warn("could not compute the {} histories ahead of time: {}", grain.id(), e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        LOG.debug("{} histories computed {} ms after they were started", grain.id(), (System.nanoTime() - start) / 1_000_000);
      }
      if (all) {
        synchronized (done) {
          historiesDone = Math.max(historiesDone, version);
          done.notifyAll();
        }
      }
    });
  }

  /** Computes the histories again for the current data: after a change of focus set or fiscal year, which they depend on. */
  void again() {
    histories(numbers.version());
  }

  /** Runs a task on an executor, unless the server is stopping (its executors are shut down): then nothing is left to do. */
  private static void run(ExecutorService executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      LOG.debug("not started, the server is stopping");
    }
  }

  @EventListener(ContextClosedEvent.class)
  void stop() {
    worker.shutdownNow();
    background.shutdownNow();
  }

  /**
   * Waits until the histories of data version {@code version} (or a newer one) are all computed, at
   * most {@code timeout}; true when they are. For tests: waiting computes nothing, so it does not
   * keep the server from being quiet.
   */
  boolean awaitHistories(long version, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (done) {
      while (historiesDone < version) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(done, left);
      }
      return true;
    }
  }

  private void compute() {
    long start = System.nanoTime();
    try {
      Overview.of(numbers, KOMPASS, Filters.defaults(numbers), Focus.ids(numbers, null));
      Choices.of(numbers); // the filter bar's values, read from the data too
      LOG.debug("default overview computed in {} ms", (System.nanoTime() - start) / 1_000_000);
    } catch (RuntimeException e) {
      LOG.warn("could not compute the default overview ahead of time: {}", e.getMessage());
    }
  }
}
