package io.kompass.bench;

import io.kompass.engine.Progress;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.demo.DemoGenerator;
import io.kompass.engine.demo.DemoSpec;
import io.kompass.engine.query.Calendar;
import io.kompass.engine.query.Grain;
import io.kompass.engine.query.KpiQuery;
import io.kompass.engine.query.KpiRequest;
import io.kompass.engine.run.Cell;
import io.kompass.engine.run.KpiEngine;
import io.kompass.engine.run.KpiResult;
import io.kompass.engine.run.KpiSeries;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default dashboard set (the seven core KPIs × 36 months, overall and, where a KPI has one,
 * by rep) computed by Kompass, and the same numbers with hand-written DuckDB SQL in the same run.
 * The hand-written values are checked against Kompass's before timing.
 */
final class KpiBench {

  static final LocalDate END = LocalDate.of(2026, 10, 31);

  private KpiBench() {}

  public static void main(String[] args) throws Exception {
    long deals = Bench.longArg(args, "--deals", 10_000_000);
    Path file = Path.of(Bench.stringArg(args, "--workspace", System.getProperty("java.io.tmpdir") + "/kompass-bench-" + deals + ".duckdb"));
    if (!Files.exists(file)) {
      System.out.println("Generating the demo company with " + Bench.fmt(deals) + " deals into " + file + " ...");
      long t0 = System.nanoTime();
      try (Workspace ws = Workspace.openFile(file, new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
        DemoGenerator.generate(ws, new DemoSpec(42, (int) deals, END), Progress.NONE);
        try (Connection c = ws.connect(); Statement s = c.createStatement()) {
          s.execute("CHECKPOINT");
        }
      }
      System.out.println("  generated in " + Bench.sec((System.nanoTime() - t0) / 1e9));
    }
    Catalog catalog = Catalog.builtin();
    LocalDate from = END.withDayOfMonth(1).minusMonths(35);
    List<String> core = catalog.kpis().stream().filter(k -> k.group().equals("core")).map(Kpi::id).toList();
    List<String> byRep = core.stream().filter(id -> catalog.dimensionsOf(id).contains("rep")).toList();
    try (Workspace ws = Workspace.openFile(file, Settings.DEFAULT)) {
      Map<String, Long> counts = new LinkedHashMap<>();
      try (Connection c = ws.connect(); Statement s = c.createStatement()) {
        for (String t : List.of("deals", "activities", "deal_stage_history", "leads", "orders")) {
          try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t)) {
            rs.next();
            counts.put(t, rs.getLong(1));
          }
        }
      }
      System.out.println("KPI benchmark on " + counts + "; " + Bench.machine());
      KpiEngine engine = KpiEngine.on(ws, catalog);
      Calendar monthly = new Calendar(Grain.MONTH, 1);
      KpiQuery overall = new KpiQuery(core.stream().map(KpiRequest::of).toList(), from, END, monthly, List.of(), null, 30, null);
      KpiQuery perRep = new KpiQuery(byRep.stream().map(KpiRequest::of).toList(), from, END, monthly, List.of("rep"), null, 30, null);
      HandWritten hand = new HandWritten(ws, from, END.plusDays(1));

      // Correctness first: the hand-written SQL must give Kompass's numbers.
      KpiResult k = engine.run(overall);
      Map<String, Map<LocalDate, Double>> h = hand.overall();
      double worst = 0;
      for (KpiSeries s : k.kpis()) {
        for (Cell cell : s.cells()) {
          Double expected = h.get(s.id()).get(cell.period().start());
          double diff = Math.abs((expected == null ? 0 : expected) - (cell.value() == null ? 0 : cell.value()));
          worst = Math.max(worst, diff / Math.max(1e-9, Math.abs(expected == null ? 1 : expected)));
        }
      }
      KpiResult kr = engine.run(perRep);
      Map<String, Map<String, Double>> hr = hand.perRep();
      for (KpiSeries s : kr.kpis()) {
        for (Cell cell : s.cells()) {
          Double expected = hr.get(s.id()).get(cell.period().start() + "|" + cell.group().get("rep"));
          double diff = Math.abs((expected == null ? 0 : expected) - (cell.value() == null ? 0 : cell.value()));
          worst = Math.max(worst, diff / Math.max(1e-9, Math.abs(expected == null ? 1 : expected)));
        }
      }
      System.out.println("Largest relative difference between Kompass and hand-written values: " + worst);
      if (worst > 1e-6) {
        throw new IllegalStateException("hand-written SQL and Kompass disagree");
      }

      double kompass = Bench.median(3, () -> {
        engine.run(overall);
        engine.run(perRep);
        return null;
      });
      double handTime = Bench.median(3, () -> {
        hand.overall();
        hand.perRep();
        return null;
      });
      if (Bench.stringArg(args, "--detail", "no").equals("yes")) {
        System.out.println("| KPI | Kompass overall | hand overall | Kompass by rep | hand by rep |");
        System.out.println("|---|---|---|---|---|");
        for (String id : core) {
          KpiQuery one = new KpiQuery(List.of(KpiRequest.of(id)), from, END, monthly, List.of(), null, 30, null);
          double ko = Bench.median(3, () -> engine.run(one));
          double ho = Bench.median(3, () -> {
            hand.run(id, hand.queries(false).get(id), false, (m, rep, v) -> {});
            return null;
          });
          String kpiRep = "";
          String handRep = "";
          if (byRep.contains(id)) {
            KpiQuery oneRep = new KpiQuery(List.of(KpiRequest.of(id)), from, END, monthly, List.of("rep"), null, 30, null);
            kpiRep = Bench.sec(Bench.median(3, () -> engine.run(oneRep)));
            handRep = Bench.sec(Bench.median(3, () -> {
              hand.run(id, hand.queries(true).get(id), true, (m, rep, v) -> {});
              return null;
            }));
          }
          System.out.println("| " + id + " | " + Bench.sec(ko) + " | " + Bench.sec(ho) + " | " + kpiRep + " | " + handRep + " |");
        }
      }
      System.out.println();
      System.out.println("| measurement (" + core.size() + " core KPIs × 36 months overall, " + byRep.size() + " of them also by rep) | time (median of 3) | ratio |");
      System.out.println("|---|---|---|");
      System.out.println("| hand-written DuckDB SQL, values only (floor) | " + Bench.sec(handTime) + " | 1.00 |");
      System.out.println("| Kompass, with evidence (n, intervals, coverage, conversion counts) | " + Bench.sec(kompass) + " | "
          + String.format("%.2f", kompass / handTime) + " |");
    }
  }

  /** The seven core KPIs as an analyst would write them by hand, one query per KPI, values only. */
  static final class HandWritten {
    final Workspace ws;
    final LocalDate from;
    final LocalDate to;

    HandWritten(Workspace ws, LocalDate from, LocalDate to) {
      this.ws = ws;
      this.from = from;
      this.to = to;
    }

    static final String FX = "CASE WHEN %1$s.currency = 'EUR' THEN %1$s.amount ELSE %1$s.amount * %2$s.rate END";

    Map<String, String> queries(boolean byRep) {
      String rep = byRep ? ", r.name" : "";
      Map<String, String> q = new LinkedHashMap<>();
      q.put("lead_conversion_rate", """
          WITH won AS (SELECT lead_id, min(closed_at) AS won_at FROM deals WHERE status = 'won' AND lead_id IS NOT NULL GROUP BY lead_id)
          SELECT CAST(date_trunc('month', l.created_at) AS DATE) AS m %s,
                 count(*) FILTER (WHERE w.won_at IS NOT NULL) / count(*)
          FROM leads l LEFT JOIN won w ON w.lead_id = l.id %s
          WHERE l.created_at >= ? AND l.created_at < ? GROUP BY ALL""".formatted(rep, byRep ? "LEFT JOIN reps r ON r.id = l.owner_id" : ""));
      q.put("average_order_value", """
          SELECT CAST(date_trunc('month', o.ordered_at) AS DATE) AS m %s, avg(%s)
          FROM orders o LEFT JOIN currency_rates_daily fx ON fx.currency = o.currency AND fx.rate_date = CAST(o.ordered_at AS DATE) %s
          WHERE o.ordered_at >= ? AND o.ordered_at < ? GROUP BY ALL""".formatted(rep, FX.formatted("o", "fx"), byRep ? "LEFT JOIN reps r ON r.id = o.rep_id" : ""));
      q.put("sales_cycle_days", """
          SELECT CAST(date_trunc('month', d.closed_at) AS DATE) AS m %s,
                 median(date_diff('day', CAST(coalesce(l.created_at, d.created_at) AS DATE), CAST(d.closed_at AS DATE)))
          FROM deals d LEFT JOIN leads l ON l.id = d.lead_id %s
          WHERE d.status = 'won' AND d.closed_at >= ? AND d.closed_at < ? GROUP BY ALL""".formatted(rep, byRep ? "LEFT JOIN reps r ON r.id = d.owner_id" : ""));
      q.put("contacts_per_close", """
          WITH c AS (SELECT a.deal_id, count(*) AS n FROM activities a WHERE a.type IN ('call', 'meeting', 'email') GROUP BY a.deal_id)
          SELECT CAST(date_trunc('month', d.closed_at) AS DATE) AS m %s, sum(coalesce(c.n, 0)) / count(*)
          FROM deals d LEFT JOIN c ON c.deal_id = d.id %s
          WHERE d.status = 'won' AND d.closed_at >= ? AND d.closed_at < ? GROUP BY ALL""".formatted(rep, byRep ? "LEFT JOIN reps r ON r.id = d.owner_id" : ""));
      q.put("pipeline_density", """
          WITH h AS (
            SELECT h.deal_id, h.entered_at AS ts, h.stage %s,
                   CASE WHEN h.status = 'open' AND coalesce(s.qualified, true) THEN 1 ELSE 0 END AS inside
            FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id
            LEFT JOIN pipeline_stages s ON s.pipeline = d.pipeline AND s.stage = h.stage %s
            WHERE h.entered_at < ?),
          e AS (SELECT ts %s, inside - coalesce(lag(inside) OVER (PARTITION BY deal_id ORDER BY ts, stage), 0) AS delta FROM h),
          b AS (SELECT CASE WHEN ts < ? THEN CAST(? AS DATE) ELSE CAST(date_trunc('month', ts) AS DATE) END AS m %s, sum(delta) AS delta
                FROM e WHERE delta <> 0 GROUP BY ALL),
          spine AS (SELECT CAST(unnest(generate_series(CAST(? AS DATE), CAST(? AS DATE), INTERVAL 1 MONTH)) AS DATE) AS m)
          SELECT spine.m %s, sum(coalesce(b.delta, 0)) OVER (%s ORDER BY spine.m)
          FROM spine %s LEFT JOIN b ON b.m = spine.m %s""".formatted(
          byRep ? ", r.name" : "", byRep ? "LEFT JOIN reps r ON r.id = d.owner_id" : "", byRep ? ", name" : "", byRep ? ", name" : "",
          byRep ? ", k.name" : "", byRep ? "PARTITION BY k.name" : "", byRep ? "CROSS JOIN (SELECT DISTINCT name FROM b) k" : "",
          byRep ? "AND b.name IS NOT DISTINCT FROM k.name" : ""));
      if (!byRep) {
        q.put("cac", """
            WITH cost AS (SELECT CAST(date_trunc('month', c.incurred_on) AS DATE) AS m, sum(%s) AS cost
                          FROM costs c LEFT JOIN currency_rates_daily fx ON fx.currency = c.currency AND fx.rate_date = CAST(c.incurred_on AS DATE)
                          WHERE c.category IN ('marketing', 'sales') AND c.incurred_on >= ? AND c.incurred_on < ? GROUP BY 1),
                 firsts AS (SELECT a.id, least(w.first_won, o.first_order) AS first_at FROM accounts a
                            LEFT JOIN (SELECT account_id, min(closed_at) AS first_won FROM deals WHERE status = 'won' GROUP BY 1) w ON w.account_id = a.id
                            LEFT JOIN (SELECT account_id, min(ordered_at) AS first_order FROM orders GROUP BY 1) o ON o.account_id = a.id),
                 news AS (SELECT CAST(date_trunc('month', first_at) AS DATE) AS m, count(*) AS n FROM firsts
                          WHERE first_at >= ? AND first_at < ? GROUP BY 1)
            SELECT coalesce(cost.m, news.m), coalesce(cost.cost, 0) / news.n FROM cost FULL JOIN news ON news.m = cost.m""".formatted(FX.formatted("c", "fx")));
        q.put("customer_retention_rate", """
            WITH p AS (SELECT account_id, ordered_at AS ts FROM orders UNION ALL
                       SELECT account_id, closed_at FROM deals WHERE status = 'won' AND account_id IS NOT NULL),
                 act AS (SELECT DISTINCT account_id, CAST(date_trunc('month', ts) AS DATE) AS m FROM p WHERE ts >= ? AND ts < ?),
                 firsts AS (SELECT account_id, CAST(date_trunc('month', min(ts)) AS DATE) AS m FROM p GROUP BY 1),
                 e AS (SELECT m, count(*) AS e FROM act GROUP BY 1),
                 n AS (SELECT m, count(*) AS n FROM firsts GROUP BY 1),
                 s AS (SELECT CAST(m + INTERVAL 1 MONTH AS DATE) AS m, count(*) AS s FROM act GROUP BY 1)
            SELECT s.m, (coalesce(e.e, 0) - coalesce(n.n, 0)) / s.s FROM s LEFT JOIN e ON e.m = s.m LEFT JOIN n ON n.m = s.m""");
      }
      return q;
    }

    Map<String, Map<LocalDate, Double>> overall() throws Exception {
      Map<String, Map<LocalDate, Double>> out = new HashMap<>();
      for (Map.Entry<String, String> e : queries(false).entrySet()) {
        Map<LocalDate, Double> values = new HashMap<>();
        run(e.getKey(), e.getValue(), false, (m, rep, v) -> values.put(m, v));
        out.put(e.getKey(), values);
      }
      return out;
    }

    Map<String, Map<String, Double>> perRep() throws Exception {
      Map<String, Map<String, Double>> out = new HashMap<>();
      for (Map.Entry<String, String> e : queries(true).entrySet()) {
        Map<String, Double> values = new HashMap<>();
        run(e.getKey(), e.getValue(), true, (m, rep, v) -> values.put(m + "|" + rep, v));
        out.put(e.getKey(), values);
      }
      return out;
    }

    interface Sink {
      void accept(LocalDate month, String rep, Double value);
    }

    void run(String kpi, String sql, boolean byRep, Sink sink) throws Exception {
      try (Connection c = ws.connect();
          PreparedStatement ps = c.prepareStatement(sql)) {
        LocalDateTime f = from.atStartOfDay();
        LocalDateTime t = to.atStartOfDay();
        switch (kpi) {
          case "pipeline_density" -> {
            ps.setObject(1, t);
            ps.setObject(2, f);
            ps.setObject(3, from);
            ps.setObject(4, from);
            ps.setObject(5, to.minusDays(1).withDayOfMonth(1));
          }
          case "cac" -> {
            ps.setObject(1, f);
            ps.setObject(2, t);
            ps.setObject(3, f);
            ps.setObject(4, t);
          }
          case "customer_retention_rate" -> {
            ps.setObject(1, f.minusMonths(1));
            ps.setObject(2, t);
          }
          default -> {
            ps.setObject(1, f);
            ps.setObject(2, t);
          }
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            LocalDate m = rs.getObject(1, LocalDate.class);
            String rep = byRep ? rs.getString(2) : null;
            Object v = rs.getObject(byRep ? 3 : 2);
            sink.accept(m, rep, v == null ? null : ((Number) v).doubleValue());
          }
        }
      }
    }
  }
}
