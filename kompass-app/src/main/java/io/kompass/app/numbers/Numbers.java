package io.kompass.app.numbers;

import io.kompass.app.Kompass;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.compare.Comparer;
import io.kompass.engine.compare.Comparison;
import io.kompass.engine.expr.Expr;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.query.Period;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.run.Precomputed;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * KPI results and comparisons for a signed-in user: the query passes the {@link QueryPolicy}
 * first, then the result comes from the cache when the same query already ran on the same
 * {@link DataVersion}. Concurrent requests for the same numbers wait for one computation.
 */
@Component
public class Numbers {

  /** Entries kept at most; the cache starts over when it is full (and on every data change). */
  static final int CAPACITY = 2_000;

  /**
   * A team's spread is shown only when at least this many reps have a value. With three or four,
   * the two quartiles and the median together with one's own value give away every other rep's
   * value (three equations, at most three unknowns); five is the usual smallest group to report on.
   */
  public static final int MIN_PEERS = 5;

  /**
   * A spread (median and quartiles) is shown only when at least this many reps have a value. Quartiles
   * are order statistics: of five values they are exactly the second, third and fourth, so a rep would
   * read three colleagues' numbers off the page. From eight on, each is one of many and cannot be tied
   * to a person without knowing how everyone ranks. A team with fewer is compared with all reps.
   */
  public static final int MIN_SPREAD = 8;

  /** How many whole years before this one a KPI's history reaches back ({@link #computeHistory}). */
  public static final int HISTORY_YEARS = 3;

  private final Workspace workspace;
  private final Catalog catalog;
  private final KpiEngine engine;
  private final DataVersion version;
  private final ConcurrentHashMap<List<Object>, CompletableFuture<Object>> cache = new ConcurrentHashMap<>();

  /** The data version this server started on (see {@link #fromHistory}). */
  private final long firstVersion;
  /** Whether the engine keeps each result in the workspace for the data it was computed on. */
  private final boolean keepsResults;

  /** Whether results computed elsewhere answer queries, as last read (System.nanoTime), by {@link #precomputedNow}. */
  private record Precomputedness(boolean any, long at) {}

  private volatile Precomputedness precomputed;

  /** Guards {@link #computing}, the computations for requests under way (not histories). */
  private final Object quiet = new Object();
  private int computing;
  private long lastEnded = System.nanoTime();

  /** A setting as read, and when (System.nanoTime). */
  private record Reading(String value, long at) {}

  private final ConcurrentHashMap<String, Reading> settings = new ConcurrentHashMap<>();
  private volatile long settingsForNanos = TimeUnit.SECONDS.toNanos(2);

  /**
   * @param keepLookups whether lookups (first purchases, activity counts...) are computed once per
   *     data version and shared by all queries (memory for speed; {@code KOMPASS_KEPT_LOOKUPS})
   * @param keepResults whether each KPI result is kept in the workspace for the data it was computed on,
   *     so that a restart answers from there until the next import ({@code KOMPASS_KEPT_RESULTS})
   */
  public Numbers(Workspace workspace, Catalog catalog, DataVersion version, @Value("${kompass.kept-lookups:true}") boolean keepLookups,
      @Value("${kompass.kept-results:true}") boolean keepResults) {
    this.workspace = workspace;
    this.catalog = catalog;
    KpiEngine on = KpiEngine.on(workspace, catalog);
    Properties build = Kompass.build();
    String built = build.getProperty("built", "");
    // A build that does not say when it was built (run from an IDE's classes) cannot tell its results from another's.
    this.keepsResults = keepResults && !built.isBlank() && !built.contains("${");
    if (keepsResults) {
      on = on.keepingResults(build.getProperty("version", "") + "+" + built, workspace.settings().timeZone());
    }
    this.engine = keepLookups ? on.keepingLookups(version::current) : on;
    this.version = version;
    this.firstVersion = version.current();
  }

  public Catalog catalog() {
    return catalog;
  }

  public Workspace workspace() {
    return workspace;
  }

  public long version() {
    return version.current();
  }

  /** Runs a KPI query as this user may see it. */
  public KpiResult run(SignedIn user, KpiQuery query) {
    KpiQuery allowed = QueryPolicy.apply(user, query);
    long at = version.current();
    return QueryPolicy.withhold(user, catalog, cached(at, "kpi", allowed, () -> {
      KpiResult sliced = fromHistories(at, allowed);
      return sliced != null ? sliced : engine.run(allowed);
    }));
  }

  /**
   * Computes each KPI of a query (as this user may see it) on the data as it is now and keeps it in
   * the workspace, past the cache, whose results are those of the announced data version. For the
   * moment between an import's commit and its announcement ({@link DataCommitted}): the computations
   * after the announcement then read these instead of computing them. Counts as a request's
   * computation (histories wait for it). Does nothing when results are not kept, or while results
   * computed elsewhere answer.
   *
   * @return whether it computed (and kept) them
   */
  public boolean keepAhead(SignedIn user, KpiQuery query) {
    if (!keepsResults || precomputedNow()) {
      return false;
    }
    begin();
    try {
      engine.run(QueryPolicy.apply(user, query));
      return true;
    } finally {
      end();
    }
  }

  /** A query read from the histories of all its KPIs (see {@link #fromHistory}), or null when one has none. */
  private KpiResult fromHistories(long at, KpiQuery q) {
    if (q.kpis().size() == 1) {
      return fromHistory(at, q);
    }
    if (!byPeriod(q)) {
      return null;
    }
    // Not waiting for one KPI's history when another has none: the query is computed anyway.
    if (!q.kpis().stream().allMatch(r -> at == firstVersion || cache.containsKey(key(at, "history", historyOf(q.withKpis(List.of(r))))))) {
      return null;
    }
    List<KpiResult> each = new ArrayList<>();
    for (KpiRequest r : q.kpis()) {
      KpiResult one = fromHistory(at, q.withKpis(List.of(r)));
      if (one == null) {
        return null;
      }
      each.add(one);
    }
    KpiResult first = each.get(0);
    return new KpiResult(q, first.dimensions(), first.currency(), first.conversion(), each.stream().map(r -> r.kpis().get(0)).toList(),
        each.stream().map(KpiResult::took).max(Duration::compareTo).orElseThrow(),
        String.join("; ", each.stream().map(KpiResult::source).distinct().toList()));
  }

  /**
   * Each KPI of a query as if run alone ({@link #run} with just that KPI, and cached as such), but
   * the KPIs not cached yet are computed in one query, so that what they have in common (a scan, a
   * group such as the new customers that retention and CAC both count) is computed once. A KPI whose
   * history was computed ({@link #computeHistory}) is read from there.
   */
  public List<KpiResult> runEach(SignedIn user, KpiQuery query) {
    KpiQuery allowed = QueryPolicy.apply(user, query);
    return each(version.current(), "kpi", allowed).stream().map(r -> QueryPolicy.withhold(user, catalog, r)).toList();
  }

  /**
   * Computes each KPI of a query (as this user may see it) over its history, unless done on this
   * data version: every period of the query's calendar from 1 January {@value #HISTORY_YEARS} years
   * ago to the end of this year. A later query for one of these KPIs with the same calendar, filter
   * and floor, over any whole periods within that span, is then read from the history ({@link
   * KpiResult#slice}) instead of computed, so that a new range or the previous year costs nothing.
   * Meant for the background after an import: it is a query over three to four years. The result
   * is kept in the workspace like any other, so a restart reads it back. Not for a breakdown, whose groups
   * depend on its range, nor when the workspace answers from results computed elsewhere
   * ({@link Precomputed}), which a history would bypass.
   */
  public void computeHistory(SignedIn user, KpiQuery query) {
    KpiQuery allowed = QueryPolicy.apply(user, query);
    if (!byPeriod(allowed)) {
      throw new IllegalArgumentException("a history is of a query by period without a breakdown");
    }
    if (!precomputedNow()) {
      each(version.current(), "history", historyOf(allowed));
    }
  }

  /** Each KPI of {@code q} on its own, under {@code kind}, the ones not cached yet computed together. */
  private List<KpiResult> each(long at, String kind, KpiQuery q) {
    if (cache.size() >= CAPACITY) {
      cache.clear();
    }
    List<KpiQuery> singles = q.kpis().stream().map(r -> q.withKpis(List.of(r))).toList();
    List<CompletableFuture<Object>> results = new ArrayList<>();
    Map<Integer, CompletableFuture<Object>> mine = new LinkedHashMap<>();
    for (int i = 0; i < singles.size(); i++) {
      CompletableFuture<Object> f = new CompletableFuture<>();
      CompletableFuture<Object> existing = cache.putIfAbsent(key(at, kind, singles.get(i)), f);
      results.add(existing == null ? f : existing);
      if (existing == null) {
        KpiResult sliced;
        try {
          sliced = kind.equals("kpi") ? fromHistory(at, singles.get(i)) : null;
        } catch (RuntimeException | Error e) {
          // Nobody may wait for a computation that will never end: its failure is theirs too.
          cache.remove(key(at, kind, singles.get(i)), f);
          f.completeExceptionally(e);
          mine.forEach((j, g) -> {
            cache.remove(key(at, kind, singles.get(j)), g);
            g.completeExceptionally(e);
          });
          throw e;
        }
        if (sliced != null) {
          f.complete(sliced);
        } else {
          mine.put(i, f);
        }
      }
    }
    if (!mine.isEmpty()) {
      boolean forSomeone = !kind.equals("history");
      if (forSomeone) {
        begin();
      }
      try {
        KpiResult together = engine.run(q.withKpis(mine.keySet().stream().map(i -> q.kpis().get(i)).toList()));
        int k = 0;
        for (Map.Entry<Integer, CompletableFuture<Object>> e : mine.entrySet()) {
          KpiSeries series = together.kpis().get(k++);
          e.getValue().complete(new KpiResult(singles.get(e.getKey()), together.dimensions(), together.currency(), together.conversion(),
              List.of(series), together.took(), together.source()));
        }
      } catch (RuntimeException | Error e) {
        mine.forEach((i, f) -> {
          cache.remove(key(at, kind, singles.get(i)), f);
          f.completeExceptionally(e);
        });
        throw e;
      } finally {
        if (forSomeone) {
          end();
        }
      }
    }
    List<KpiResult> out = new ArrayList<>();
    for (CompletableFuture<Object> f : results) {
      out.add((KpiResult) join(f));
    }
    return out;
  }

  /**
   * The answer to a one-KPI query read from that KPI's history on data version {@code at}, or null
   * when no history covers it. A history being computed is waited for (computing the range beside it
   * would slow both down); one this server has not computed may still be kept in the workspace from
   * before a restart. Never while the workspace answers from results computed elsewhere ({@link
   * #precomputedNow}).
   */
  private KpiResult fromHistory(long at, KpiQuery q) {
    if (q.kpis().size() != 1 || !byPeriod(q)) {
      return null;
    }
    KpiQuery history = historyOf(q);
    if (!Set.copyOf(history.periods()).containsAll(q.periods())) {
      return null;
    }
    List<Object> k = key(at, "history", history);
    CompletableFuture<Object> h = cache.get(k);
    // Only data this server started on can have histories kept before it started; newer data's are in memory.
    if (h == null && at != firstVersion || precomputedNow()) {
      return null;
    }
    if (h == null) {
      Optional<KpiResult> kept = engine.kept(history);
      if (kept.isEmpty()) {
        return null;
      }
      h = cache.putIfAbsent(k, CompletableFuture.completedFuture(kept.get()));
      h = h == null ? cache.get(k) : h;
    }
    KpiResult whole;
    try {
      whole = (KpiResult) h.join();
    } catch (CompletionException | CancellationException e) {
      return null;
    }
    if (!whole.covers(q)) {
      return null;
    }
    KpiResult sliced = whole.slice(q);
    return new KpiResult(q, sliced.dimensions(), sliced.currency(), sliced.conversion(), sliced.kpis(), sliced.took(),
        sliced.source() + ", read from its history");
  }

  /** Whether a query can have a history: by periods of a calendar grain, without a breakdown (whose groups depend on its range). */
  private static boolean byPeriod(KpiQuery q) {
    return q.groupBy().isEmpty() && q.grain() != Grain.TOTAL;
  }

  /**
   * The query over its history: from the start of the period holding 1 January {@value #HISTORY_YEARS}
   * years ago to the end of this year (later periods are empty; whole years, so that the history
   * stays the same from one day to the next).
   */
  private KpiQuery historyOf(KpiQuery q) {
    int year = LocalDate.now(workspace.settings().timeZone()).getYear();
    return q.withRange(q.calendar().startOf(LocalDate.of(year - HISTORY_YEARS, 1, 1)), LocalDate.of(year, 12, 31));
  }

  /**
   * Whether the workspace holds results computed elsewhere that are newer than its data (see {@link
   * Precomputed}). They arrive without new data ({@code kompass results import}), so this is read
   * again when the last reading is older than a setting's (two seconds).
   */
  private boolean precomputedNow() {
    Precomputedness p = precomputed;
    long now = System.nanoTime();
    if (p == null || now - p.at() > settingsForNanos) {
      try (Connection c = workspace.connect()) {
        p = new Precomputedness(Precomputed.anyCurrent(c), now);
      } catch (SQLException e) {
        throw new WorkspaceException("cannot read the precomputed results: " + e.getMessage(), e);
      }
      precomputed = p;
    }
    return p.any();
  }

  private void begin() {
    synchronized (quiet) {
      computing++;
    }
  }

  private void end() {
    synchronized (quiet) {
      computing--;
      lastEnded = System.nanoTime();
      quiet.notifyAll();
    }
  }

  /**
   * Waits until no computation for a request has been under way for {@code quietFor}, so that work
   * in the background (the histories) leaves the processors to people waiting for numbers.
   */
  public void awaitQuiet(Duration quietFor) throws InterruptedException {
    synchronized (quiet) {
      while (true) {
        long left = quietFor.toNanos() - (System.nanoTime() - lastEnded);
        if (computing == 0 && left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(quiet, computing > 0 ? quietFor.toNanos() : left);
      }
    }
  }

  /** The value of a computation, rethrowing its failure as it was thrown. */
  private static Object join(CompletableFuture<Object> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  private static List<Object> key(long version, String kind, Object key) {
    return Arrays.asList(version, kind, key);
  }

  /** The before/after comparison as this user may see it. */
  public Comparison compare(SignedIn user, List<KpiRequest> kpis, LocalDate beforeFrom, LocalDate beforeTo, LocalDate afterFrom,
      LocalDate afterTo, Expr filter, int minN) {
    Expr allowed = QueryPolicy.filter(user, filter, List.of());
    LocalDate today = LocalDate.now(workspace.settings().timeZone());
    Comparison all = cached("compare", Arrays.asList(kpis, beforeFrom, beforeTo, afterFrom, afterTo, allowed, minN, today),
        () -> new Comparer(engine).compare(kpis, beforeFrom, beforeTo, afterFrom, afterTo, allowed, minN, today));
    return QueryPolicy.withhold(user, catalog, all, allowed);
  }

  /**
   * The spread of the reps' values in one period: quartiles only, never the values themselves.
   *
   * @param allReps whether the reps are the whole company's (a team with too few reps is compared with all)
   */
  public record Spread(int reps, Double q1, Double median, Double q3, boolean allReps) {}

  /**
   * The spread of the reps' values for each KPI of a query grouped by rep (typically filtered to
   * one team, or not filtered: all reps), per period. This reads every rep's value on the server,
   * whoever asks, and returns only quartiles, and only when at least {@link #MIN_SPREAD} reps have a value.
   */
  public Map<String, List<Spread>> spread(KpiQuery byRep) {
    return spread(byRep, byRep.filter() == null);
  }

  /**
   * As {@link #spread(KpiQuery)}.
   *
   * @param allReps whether the query's reps are all of the company's (its filter names no team, only e.g. a product)
   */
  public Map<String, List<Spread>> spread(KpiQuery byRep, boolean allReps) {
    if (!byRep.groupBy().equals(List.of(QueryPolicy.REP))) {
      throw new IllegalArgumentException("a spread is of a query grouped by rep");
    }
    return cached("spread", Arrays.asList(byRep, allReps), () -> {
      KpiResult r = engine.run(byRep);
      Map<String, LocalDate[]> employed = employment();
      Map<String, List<Spread>> out = new LinkedHashMap<>();
      for (KpiSeries s : r.kpis()) {
        List<Spread> spreads = new ArrayList<>();
        for (var period : byRep.periods()) {
          // Only reps employed during the period: one who has left (or not yet started) shows 0 in a sum.
          double[] values = s.cells().stream()
              .filter(c -> c.period().equals(period) && c.value() != null && c.group().get(QueryPolicy.REP) != null)
              .filter(c -> employedDuring(employed.get(c.group().get(QueryPolicy.REP)), period))
              .mapToDouble(Cell::value).sorted().toArray();
          boolean all = allReps;
          spreads.add(values.length < MIN_SPREAD
              ? new Spread(values.length, null, null, null, all)
              : new Spread(values.length, quantile(values, 0.25), quantile(values, 0.5), quantile(values, 0.75), all));
        }
        out.put(s.id(), spreads);
      }
      return out;
    });
  }

  /** Each rep name's first start and last end day (null: not recorded, or still employed). */
  private Map<String, LocalDate[]> employment() {
    Map<String, LocalDate[]> out = new java.util.HashMap<>();
    try (Connection c = workspace.connect();
        Statement st = c.createStatement();
        // Reps sharing a name count as one, employed from the first start to the last end; an unknown start or end
        // of any of them leaves that side open.
        ResultSet rs = st.executeQuery("SELECT name, CASE WHEN count(*) = count(started_at) THEN min(started_at) END,"
            + " CASE WHEN count(*) = count(ended_at) THEN max(ended_at) END FROM reps GROUP BY name")) {
      while (rs.next()) {
        out.put(rs.getString(1), new LocalDate[] {rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)});
      }
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the reps: " + e.getMessage(), e);
    }
    return out;
  }

  private static boolean employedDuring(LocalDate[] span, Period period) {
    return span == null
        || (span[0] == null || !span[0].isAfter(period.last())) && (span[1] == null || !span[1].isBefore(period.start()));
  }

  /** Linear interpolation between order statistics (type 7, as in R, DuckDB's quantile_cont and spreadsheets). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /**
   * Anything else worth caching until the data changes (filter choices, targets, the data page).
   * The key must hold everything the value depends on.
   */
  public <T> T cached(String kind, Object key, Supplier<T> compute) {
    return cached(version.current(), kind, key, compute);
  }

  /** As {@link #cached(String, Object, Supplier)}, on data version {@code at}. */
  @SuppressWarnings("unchecked")
  private <T> T cached(long at, String kind, Object key, Supplier<T> compute) {
    List<Object> k = key(at, kind, key);
    if (cache.size() >= CAPACITY) {
      cache.clear();
    }
    CompletableFuture<Object> mine = new CompletableFuture<>();
    CompletableFuture<Object> existing = cache.putIfAbsent(k, mine);
    if (existing == null) {
      begin();
      try {
        mine.complete(Objects.requireNonNull(compute.get()));
      } catch (RuntimeException | Error e) {
        cache.remove(k, mine);
        mine.completeExceptionally(e);
        throw e;
      } finally {
        end();
      }
      return (T) mine.join();
    }
    return (T) join(existing);
  }

  /** The month the team's fiscal year starts in (saved on the overview by an admin or manager), 1 by default. */
  public int fiscalStart() {
    return Workspace.fiscalStartMonth(setting(Workspace.FISCAL_START));
  }

  /**
   * A team setting saved in the workspace (fiscal year, focus set), or null. It is read again when the last reading is
   * older than two seconds: another server on the same PostgreSQL workspace may have saved it since.
   */
  public String setting(String key) {
    long now = System.nanoTime();
    Reading r = settings.get(key);
    if (r == null || now - r.at() > settingsForNanos) {
      r = new Reading(workspace.setting(key), now);
      settings.put(key, r);
    }
    return r.value();
  }

  /** Saves a team setting; this server reads it at once, others within two seconds. */
  public void saveSetting(String key, String value) {
    workspace.saveSetting(key, value);
    settings.remove(key);
  }

  /**
   * How long a setting read (or whether results computed elsewhere answer) is used before it is read
   * again ({@link #setting}); tests make it zero.
   */
  void settingsFor(Duration d) {
    settingsForNanos = d.toNanos();
    settings.clear();
    precomputed = null;
  }

  /** Forgets every cached value (for a setting that changes what results mean, such as the fiscal year). */
  public void clear() {
    cache.clear();
    settings.clear();
  }


  @EventListener
  void on(DataChanged changed) {
    cache.clear();
  }
}
