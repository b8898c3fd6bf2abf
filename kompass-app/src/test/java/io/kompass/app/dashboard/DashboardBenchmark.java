package io.kompass.app.dashboard;

import io.kompass.app.KompassWeb;
import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.ApiTokens;
import io.kompass.app.people.DemoUsers;
import io.kompass.app.people.Users;
import io.kompass.engine.Progress;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Overview latency on the demo company at 1 M deals, and a short load test, on loopback (so the
 * time is the server's). Not a unit test: run it by hand (docs/performance.md, section Dashboards).
 *
 * <p>Arguments: [workspace file] [requests per second] [seconds] [restart [wait seconds]]. The
 * workspace is generated once (kompass demo --size medium) and reused by later runs. A run starts
 * with no results kept in the workspace; with {@code restart} (after a run), it only starts the
 * server and times the first views (sent right away, or after the seconds given), which read the
 * results that run kept.
 */
public final class DashboardBenchmark {

  private DashboardBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "target/bench/medium.duckdb");
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
        DemoGenerator.generate(ws, DemoSpec.preset("medium", 42, LocalDate.now(Settings.DEFAULT.timeZone())), Progress.NONE);
        DemoUsers.ensure(ws);
      }
      System.out.printf(Locale.ROOT, "Generated the 1 M-deal demo company in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }
    if (args.length > 3 && args[3].equals("restart")) {
      restart(file, args.length > 4 ? Integer.parseInt(args[4]) : 0);
      return;
    }
    // Nothing kept from an earlier run: the first view after this start is computed.
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT); var c = ws.connect(); var st = c.createStatement()) {
      st.execute("DELETE FROM kept_results");
    }
    HttpClient http = warmClient();
    Started started = start(file);
    ConfigurableApplicationContext server = started.server();
    double startup = started.millis();
    try {
      String base = started.base();
      String token = started.token();
      HttpRequest overview = HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", "Bearer " + token)
          .header("Accept-Language", "en").timeout(Duration.ofSeconds(30)).build();

      double cold = time(http, overview);
      List<Double> cached = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        cached.add(time(http, overview));
      }
      // A server that has been up a while: the start's histories are done (see below) before the import.
      Numbers numbers = server.getBean(Numbers.class);
      long h0 = System.nanoTime();
      histories(numbers);
      double startHistories = (System.nanoTime() - h0) / 1e6;
      // Cold again after new data: an import through the server empties the cache.
      long i0 = System.nanoTime();
      importOneTeam(http, base, token);
      double importTook = (System.nanoTime() - i0) / 1e6;
      double coldAfterImport = time(http, overview);
      HttpRequest kpiPage = HttpRequest.newBuilder(URI.create(base + "/kpi/win_rate?by=rep")).header("Authorization", "Bearer " + token).build();
      double kpiCold = time(http, kpiPage);
      List<Double> kpiCached = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        kpiCached.add(time(http, kpiPage));
      }
      HttpRequest myNumbers = HttpRequest.newBuilder(URI.create(base + "/me")).header("Authorization", "Bearer " + token).build();
      double meCold = time(http, myNumbers);
      List<Double> meCached = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        meCached.add(time(http, myNumbers));
      }
      // After an import the server computes the focus KPIs' history at each grain in the background; wait for it (joining the
      // computations under way), then views of another grain or range read from it.
      h0 = System.nanoTime();
      histories(numbers);
      double historiesWaited = (System.nanoTime() - h0) / 1e6;
      double quarterFromHistory = time(http, HttpRequest.newBuilder(URI.create(base + "/?grain=quarter"))
          .header("Authorization", "Bearer " + token).build());
      LocalDate today = LocalDate.now(Settings.DEFAULT.timeZone());
      HttpRequest lastYear = HttpRequest.newBuilder(URI.create(base + "/?from=" + today.minusYears(1).withDayOfYear(1) + "&to="
          + today.minusYears(1).withMonth(12).withDayOfMonth(31))).header("Authorization", "Bearer " + token).build();
      double lastYearFromHistory = time(http, lastYear);

      // Filters nobody used yet: computed from the rows on request (with the lookups and data already in memory).
      String team;
      try (var c = numbers.workspace().connect(); var st = c.createStatement();
          var rs = st.executeQuery("SELECT min(name) FROM teams WHERE id <> 'BENCH'")) {
        rs.next();
        team = rs.getString(1);
      }
      HttpRequest byTeam = HttpRequest.newBuilder(URI.create(base + "/?team=" + URLEncoder.encode(team, StandardCharsets.UTF_8)))
          .header("Authorization", "Bearer " + token).build();
      double teamCold = time(http, byTeam);
      double teamCached = time(http, byTeam);
      double teamQuarterCold = time(http, HttpRequest.newBuilder(URI.create(base + "/?grain=quarter&team="
          + URLEncoder.encode(team, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).build());
      double regionCold = time(http, HttpRequest.newBuilder(URI.create(base + "/?region=DACH")).header("Authorization", "Bearer " + token).build());

      System.out.printf(Locale.ROOT, "Server start-up (workspace open, Spring, web server): %6.0f ms%n", startup);
      System.out.printf(Locale.ROOT, "Overview, first view right after start:     %6.0f ms (waits for the start-up computation)%n", cold);
      System.out.printf(Locale.ROOT, "Import of one team through the server:      %6.0f ms (answers once the default overview is kept for the new data)%n",
          importTook);
      System.out.printf(Locale.ROOT, "Overview, first view right after an import: %6.0f ms%n", coldAfterImport);
      System.out.printf(Locale.ROOT, "Overview, cached: median %.1f ms, p99 %.1f ms (50 views)%n", percentile(cached, 50), percentile(cached, 99));
      System.out.printf(Locale.ROOT, "KPI page win_rate by rep, cold:             %6.0f ms, then cached: median %.1f ms (20 views)%n", kpiCold,
          percentile(kpiCached, 50));
      System.out.printf(Locale.ROOT, "My numbers (first rep, as a manager), cold: %6.0f ms, then cached: median %.1f ms (20 views)%n", meCold,
          percentile(meCached, 50));
      System.out.printf(Locale.ROOT, "Histories (4 grains) after start: ready %6.0f ms after the cached views; after the import: %6.0f ms after"
          + " the views above%n", startHistories, historiesWaited);
      System.out.printf(Locale.ROOT, "Overview by quarter, read from its history:  %6.0f ms%n", quarterFromHistory);
      System.out.printf(Locale.ROOT, "Overview of last year by month, read from its history: %6.0f ms%n", lastYearFromHistory);
      System.out.printf(Locale.ROOT, "Overview for team %s (never computed): %6.0f ms, then cached %.1f ms%n", team, teamCold, teamCached);
      System.out.printf(Locale.ROOT, "Overview for team %s by quarter (never computed): %6.0f ms%n", team, teamQuarterCold);
      System.out.printf(Locale.ROOT, "Overview for region DACH (never computed): %6.0f ms%n", regionCold);

      // Load: a fixed rate of overview views for a while; latency from the planned send time, so a slow server shows.
      ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger errors = new AtomicInteger();
      int total = rate * seconds;
      CountDownLatch done = new CountDownLatch(total);
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
      long start = System.nanoTime();
      long periodNanos = 1_000_000_000L / rate;
      AtomicInteger sent = new AtomicInteger();
      clock.scheduleAtFixedRate(() -> {
        if (sent.getAndIncrement() >= total) {
          return;
        }
        long t = System.nanoTime();
        http.sendAsync(overview, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
          latencies.add((System.nanoTime() - t) / 1e6);
          if (e != null || r.statusCode() != 200) {
            errors.incrementAndGet();
          }
          done.countDown();
        });
      }, 0, periodNanos, TimeUnit.NANOSECONDS);
      boolean finished = done.await(seconds + 120L, TimeUnit.SECONDS);
      clock.shutdownNow();
      double took = (System.nanoTime() - start) / 1e9;
      List<Double> all = new ArrayList<>(latencies);
      System.out.printf(Locale.ROOT, "Load: %d overview views at %d/s for %d s: %d done in %.1f s (%.0f/s), %d errors%s; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          total, rate, seconds, all.size(), took, all.size() / took, errors.get() + (total - all.size()), finished ? "" : " (timed out)",
          percentile(all, 50), percentile(all, 99), Collections.max(all));

      System.exit(0);
    } finally {
      server.close();
    }
  }

  /**
   * A start on a workspace whose results an earlier run kept (run after the benchmark, in a new
   * process, as a restarted server would): the first views read them instead of computing.
   */
  static void restart(Path file, int waitSeconds) throws Exception {
    HttpClient http = warmClient();
    Started started = start(file);
    try {
      String base = started.base();
      String token = started.token();
      Thread.sleep(waitSeconds * 1000L); // as when the first person arrives some seconds after the start
      double overview = time(http, HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", "Bearer " + token)
          .header("Accept-Language", "en").build());
      double quarter = time(http, HttpRequest.newBuilder(URI.create(base + "/?grain=quarter")).header("Authorization", "Bearer " + token).build());
      System.out.printf(Locale.ROOT, "Server start-up (workspace open, Spring, web server): %6.0f ms%n", started.millis());
      System.out.printf(Locale.ROOT, "Restart on the same data, results kept in the workspace, first views %d s after start: overview %.0f ms;"
          + " by quarter %.0f ms%n", waitSeconds, overview, quarter);
      System.exit(0);
    } finally {
      started.server().close();
    }
  }

  /** A started server, how long its start took, its address and an API token of the demo manager. */
  record Started(ConfigurableApplicationContext server, double millis, String base, String token) {}

  static Started start(Path file) {
    long launch = System.nanoTime();
    ConfigurableApplicationContext server = KompassWeb.start(file.toAbsolutePath().toString(), "127.0.0.1", 0, null);
    double millis = (System.nanoTime() - launch) / 1e6;
    long manager = server.getBean(Users.class).find("manager@kompass.demo").orElseThrow().id();
    return new Started(server, millis, "http://127.0.0.1:" + ((WebServerApplicationContext) server).getWebServer().getPort(),
        server.getBean(ApiTokens.class).create(manager, "benchmark"));
  }

  /**
   * An HTTP client that has sent requests before (to a server of its own), so that its own first
   * request's set-up is not counted as the server's time.
   */
  static HttpClient warmClient() throws Exception {
    HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(16)).build();
    HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    echo.createContext("/", exchange -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    echo.start();
    try {
      for (int i = 0; i < 20; i++) {
        time(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + echo.getAddress().getPort() + "/")).build());
      }
    } finally {
      echo.stop(0);
    }
    return http;
  }

  static double time(HttpClient http, HttpRequest request) throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
    }
    return (System.nanoTime() - t) / 1e6;
  }

  /** Waits for the focus KPIs' histories at every grain, computing the ones the server has not started. */
  static void histories(Numbers numbers) {
    for (var grain : Filters.GRAINS_BY_USE) {
      Filters f = Filters.defaults(numbers, grain);
      numbers.computeHistory(Warmup.KOMPASS, f.query(Focus.ids(numbers, null).stream().map(io.kompass.engine.query.KpiRequest::of).toList(),
          List.of(), f.filter()));
    }
  }

  static void importOneTeam(HttpClient http, String base, String token) throws Exception {
    String boundary = "kompass-benchmark";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"teams.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        + "id,name,region\nBENCH,Benchmark team,North\n\r\n--" + boundary + "--\r\n";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/imports"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("the import answered " + r.statusCode() + ": " + r.body());
    }
  }

  static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
