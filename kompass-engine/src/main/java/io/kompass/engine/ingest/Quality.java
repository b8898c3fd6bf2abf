package io.kompass.engine.ingest;

import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.catalog.Kpi;
import io.kompass.engine.catalog.Unit;
import io.kompass.engine.workspace.Workspace;
import io.kompass.engine.workspace.WorkspaceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rows that loaded but deserve a look, per source system and rule: likely duplicates (the same id
 * twice in a file, accounts with the same normalised name or domain, leads with the same e-mail)
 * and anomalies (closed before the first contact, amounts far outside the usual range, dates in
 * the future, deals without an owner). See {@code docs/connectors.md}.
 */
public final class Quality {

  private Quality() {}

  /**
   * One rule's findings in one source.
   *
   * @param source the source system of the rows
   * @param table the canonical table
   * @param kind {@code duplicate} or {@code anomaly}
   * @param rule short name of the rule
   * @param explanation what the rule looks for and why it matters
   * @param rows rows (or groups of rows, for duplicates) found
   * @param examples a few of them, each as one line
   */
  public record Finding(String source, String table, String kind, String rule, String explanation, long rows, List<String> examples) {
    public Finding {
      examples = List.copyOf(examples);
    }

    /** The rule and its table as a key for translations, e.g. {@code deals.deal_without_owner}. */
    public String key() {
      return (table + "." + rule).toLowerCase(java.util.Locale.ROOT).replace("%", "percent").replaceAll("[^a-z0-9.]+", "_")
          .replaceAll("_$", "");
    }
  }

  /** A rule: SQL giving (source, sort key, example text) per finding. */
  private record Rule(String table, String kind, String rule, String explanation, String sql) {}

  /** Legal forms and punctuation dropped when comparing company names. */
  static final String NORMALISED_NAME =
      // translate() rather than strip_accents(): the same SQL runs on DuckDB and PostgreSQL.
      "regexp_replace(regexp_replace(regexp_replace(translate(lower(name), 'àáâãäåāçčèéêëēìíîïīñòóôõöøōùúûüūýÿšžł', 'aaaaaaacceeeeeiiiiinooooooouuuuuyyszl'), '[^a-z0-9]+', ' ', 'g'),"
          + " '(^| )(inc|incorporated|ltd|limited|llc|gmbh|ag|ab|as|asa|oy|oyj|sa|sas|srl|bv|nv|plc|corp|corporation|co|company|group|the)( |$)', ' ', 'g'),"
          + " '\\s+', '', 'g')";

  private static List<Rule> rules() {
    String name = NORMALISED_NAME;
    return List.of(
        new Rule("quarantine", "duplicate", "same id twice in a file",
            "the file has several rows with the same id; none of them was loaded (see the quarantine above)",
            "SELECT q.file, q.record_id, q.table_name || ' id ' || q.record_id || ' on lines '"
                + " || string_agg(CAST(q.line AS VARCHAR), ', ' ORDER BY q.line) FROM quarantine q"
                + " WHERE q.reason LIKE '% appears % times in this file; keep one row per %' GROUP BY q.file, q.table_name, q.record_id"),
        new Rule("accounts", "duplicate", "same company name",
            "accounts whose names are equal once case, punctuation and legal forms (AB, Inc, GmbH, ...) are ignored; probably one company",
            "SELECT min(source_system), " + name + ", string_agg('''' || name || ''' (' || id || ')', ', ' ORDER BY id)"
                + " FROM accounts WHERE " + name + " <> '' GROUP BY " + name + " HAVING count(*) > 1"),
        new Rule("accounts", "duplicate", "same domain",
            "accounts with the same web domain; probably one company",
            "SELECT min(source_system), lower(domain), lower(domain) || ': ' || string_agg('''' || name || ''' (' || id || ')', ', ' ORDER BY id)"
                + " FROM accounts WHERE domain IS NOT NULL GROUP BY lower(domain) HAVING count(*) > 1"),
        new Rule("leads", "duplicate", "same e-mail",
            "leads (contacts) with the same e-mail address; probably one person",
            "SELECT min(source_system), lower(trim(email)), lower(trim(email)) || ': ' || string_agg(id, ', ' ORDER BY id)"
                + " FROM leads WHERE email IS NOT NULL GROUP BY lower(trim(email)) HAVING count(*) > 1"),
        new Rule("reps", "duplicate", "same rep name",
            "reps with the same name; owners given by name are matched to the first of them",
            "SELECT min(source_system), lower(trim(name)), '''' || min(name) || ''': ' || string_agg(id, ', ' ORDER BY id)"
                + " FROM reps GROUP BY lower(trim(name)) HAVING count(*) > 1"),
        new Rule("deals", "anomaly", "closed before first contact",
            "the deal was closed before its lead's first contact; one of the two dates is probably wrong",
            "SELECT d.source_system, d.id, 'deal ' || d.id || ' ' || d.status || ' ' || CAST(d.closed_at AS VARCHAR) || ', lead ' || l.id"
                + " || ' first contact ' || CAST(l.created_at AS VARCHAR) FROM deals d JOIN leads l ON l.id = d.lead_id"
                + " WHERE d.closed_at < l.created_at"),
        new Rule("deals", "anomaly", "stage history before the deal was created",
            "the deal's stage history starts more than a day before the deal was created, so the pipeline as it was on those"
                + " days counts it; a CRM that was migrated often gives old deals the migration date as their creation date",
            "SELECT d.source_system, d.id, 'deal ' || d.id || ' created ' || CAST(CAST(d.created_at AS DATE) AS VARCHAR)"
                + " || ', in its pipeline from ' || CAST(CAST(h.first AS DATE) AS VARCHAR) FROM deals d"
                + " JOIN (SELECT deal_id, min(entered_at) AS first FROM deal_stage_history GROUP BY deal_id) h ON h.deal_id = d.id"
                + " WHERE h.first < d.created_at - INTERVAL '1 day'"),
        new Rule("deals", "anomaly", "amount far outside the usual range",
            "the amount is more than 1000 times above or below the middle half of the same source's amounts in that currency"
                + " (a typo, cents for units, or a test deal?)",
            // Standard SQL (percentile_cont, no GROUP BY ALL): quality checks run on DuckDB and PostgreSQL alike.
            "WITH s AS (SELECT source_system, currency, percentile_cont(0.25) WITHIN GROUP (ORDER BY ln(amount)) AS q1,"
                + " percentile_cont(0.75) WITHIN GROUP (ORDER BY ln(amount)) AS q3,"
                + " count(*) AS n FROM deals WHERE amount > 0 GROUP BY source_system, currency)"
                + " SELECT d.source_system, d.id, 'deal ' || d.id || ': ' || CAST(d.amount AS VARCHAR) || ' ' || coalesce(d.currency, '')"
                + " || ' (usual range ' || CAST(CAST(exp(s.q1) AS DECIMAL(18,2)) AS VARCHAR) || ' to ' || CAST(CAST(exp(s.q3) AS DECIMAL(18,2)) AS VARCHAR) || ')'"
                + " FROM deals d JOIN s ON s.source_system = d.source_system AND s.currency IS NOT DISTINCT FROM d.currency"
                + " WHERE s.n >= 20 AND d.amount > 0 AND (ln(d.amount) > s.q3 + ln(1000) OR ln(d.amount) < s.q1 - ln(1000))"),
        new Rule("deals", "anomaly", "date in the future",
            "created or closed after today; a typo in the year, or a planned date in the wrong column",
            "SELECT source_system, id, 'deal ' || id || ': created ' || CAST(date_trunc('second', created_at) AS VARCHAR)"
                + " || coalesce(', closed ' || CAST(date_trunc('second', closed_at) AS VARCHAR), '') FROM deals"
                + " WHERE created_at >= $tomorrow OR closed_at >= $tomorrow"),
        new Rule("leads", "anomaly", "date in the future",
            "created, converted or lost after today",
            // Each date of the lead, so that the one in the future shows.
            "SELECT source_system, id, 'lead ' || id || ': created ' || CAST(date_trunc('second', created_at) AS VARCHAR)"
                + " || coalesce(', converted ' || CAST(date_trunc('second', converted_at) AS VARCHAR), '')"
                + " || coalesce(', lost ' || CAST(date_trunc('second', lost_at) AS VARCHAR), '') FROM leads"
                + " WHERE created_at >= $tomorrow OR converted_at >= $tomorrow OR lost_at >= $tomorrow"),
        new Rule("activities", "anomaly", "date in the future",
            "marked as done but dated after today",
            "SELECT source_system, id, type || ' ' || id || ' on ' || CAST(date_trunc('second', occurred_at) AS VARCHAR) FROM activities"
                + " WHERE done AND occurred_at >= $tomorrow"),
        new Rule("deals", "anomaly", "amount dated before its currency's first rate",
            "there is no exchange rate yet on the deal's dates, so money KPIs leave it out (their coverage counts it);"
                + " add earlier rates to currency_rates.csv",
            "SELECT d.source_system, d.id, 'deal ' || d.id || ': ' || CAST(d.amount AS VARCHAR) || ' ' || d.currency || ' created '"
                + " || CAST(CAST(d.created_at AS DATE) AS VARCHAR) || ', first ' || d.currency || ' rate ' || CAST(r.first AS VARCHAR)"
                + " FROM deals d JOIN (SELECT currency, min(rate_date) AS first FROM currency_rates GROUP BY currency) r ON r.currency = d.currency"
                + " WHERE d.amount IS NOT NULL AND CAST(LEAST(d.created_at, coalesce(d.closed_at, d.created_at)) AS DATE) < r.first"),
        new Rule("deals", "anomaly", "deal without owner",
            "no rep owns the deal, so it is missing from every per-rep figure",
            "SELECT source_system, id, 'deal ' || id || coalesce(' ''' || name || '''', '') || ' (' || status || ')' FROM deals WHERE owner_id IS NULL"));
  }

  /** The keys ({@link Finding#key()}) of every rule that can find something, for translations. */
  public static List<String> keys() {
    List<Rule> all = new ArrayList<>(rules());
    all.add(unknownKpis(List.of()));
    all.add(ratesAsPercentages(List.of()));
    return all.stream().filter(r -> !r.table().equals("quarantine"))
        .map(r -> new Finding("", r.table(), r.kind(), r.rule(), r.explanation(), 0, List.of()).key()).toList();
  }

  /** All findings of the workspace, with up to {@code examples} examples each. */
  public static List<Finding> findings(Workspace workspace, int examples, LocalDateTime now) {
    try (Connection c = workspace.connect()) {
      return findings(c, examples, now);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot check the data quality of " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  /**
   * All findings of the workspace, and those that need the catalog in use: targets for KPI ids it does not have, and
   * targets above 1 for its rates.
   */
  public static List<Finding> findings(Workspace workspace, int examples, LocalDateTime now, Catalog catalog) {
    List<String> kpis = catalog.kpis().stream().map(Kpi::id).toList();
    List<String> rates = catalog.kpis().stream().filter(k -> k.unit() == Unit.RATIO).map(Kpi::id).toList();
    try (Connection c = workspace.connect()) {
      return findings(c, examples, now, kpis, rates);
    } catch (SQLException e) {
      throw new WorkspaceException("cannot check the data quality of " + workspace.location() + ": " + e.getMessage(), e);
    }
  }

  /** Targets whose KPI id the catalog does not have: no page or report ever reads them. */
  private static Rule unknownKpis(Collection<String> kpis) {
    String known = kpis.stream().map(k -> "'" + k.replace("'", "''") + "'").collect(Collectors.joining(", "));
    return new Rule("targets", "anomaly", "target for a KPI the catalog does not have",
        "no dashboard or report reads these targets; compare the KPI ids with 'kompass kpi list' (ids are lower case,"
            + " with underscores)",
        "SELECT source_system, kpi, 'kpi ''' || kpi || ''': ' || CAST(count(*) AS VARCHAR) || ' target'"
            + " || CASE WHEN count(*) = 1 THEN '' ELSE 's' END FROM targets"
            + (known.isEmpty() ? "" : " WHERE kpi NOT IN (" + known + ")") + " GROUP BY source_system, kpi");
  }

  static List<Finding> findings(Connection c, int examples, LocalDateTime now) throws SQLException {
    return findings(c, examples, now, null, List.of());
  }

  /** Targets above 1 for a rate: written as a percentage (25 for 25 %), they can never be reached. */
  private static Rule ratesAsPercentages(Collection<String> rates) {
    String ids = rates.stream().map(k -> "'" + k.replace("'", "''") + "'").collect(Collectors.joining(", "));
    return new Rule("targets", "anomaly", "rate target above 100 %",
        "the KPI is a rate, written as a share of 1 (0.25 for 25 %); a target of 25 reads as 2,500 %",
        "SELECT source_system, id, 'target ' || id || ': ' || kpi || ' = ' || CAST(value AS VARCHAR) || ' (did you mean '"
            + " || CAST(value / 100 AS VARCHAR) || '?)' FROM targets WHERE value > 1 AND kpi IN (" + (ids.isEmpty() ? "''" : ids) + ")");
  }

  /**
   * All findings; with the catalog's KPI ids, targets for other ids, and with the ids of its rates, rate targets written
   * as percentages.
   */
  static List<Finding> findings(Connection c, int examples, LocalDateTime now, Collection<String> kpis, Collection<String> rates)
      throws SQLException {
    List<Finding> out = new ArrayList<>();
    List<Rule> rules = new ArrayList<>(rules());
    if (kpis != null) {
      rules.add(unknownKpis(kpis));
      rules.add(ratesAsPercentages(rates));
    }
    for (Rule r : rules) {
      String sql = "SELECT src, n, example FROM (SELECT src, k, example, count(*) OVER (PARTITION BY src) AS n,"
          + " row_number() OVER (PARTITION BY src ORDER BY k) AS rn FROM (" + r.sql().replace("$tomorrow", "CAST(? AS TIMESTAMP)")
          + ") f(src, k, example)) x WHERE rn <= ? ORDER BY src, k";
      Map<String, long[]> counts = new LinkedHashMap<>();
      Map<String, List<String>> found = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        int nows = sql.split("CAST\\(\\? AS TIMESTAMP\\)", -1).length - 1;
        // "After today" in the workspace's zone: from midnight on, not from this moment (a time later today is today).
        for (int k = 0; k < nows; k++) {
          ps.setObject(i++, now.toLocalDate().plusDays(1).atStartOfDay());
        }
        ps.setInt(i, examples);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String src = rs.getString(1);
            counts.put(src, new long[] {rs.getLong(2)});
            found.computeIfAbsent(src, k -> new ArrayList<>()).add(rs.getString(3));
          }
        }
      }
      for (Map.Entry<String, List<String>> e : found.entrySet()) {
        out.add(new Finding(e.getKey(), r.table().equals("quarantine") ? "(any)" : r.table(), r.kind(), r.rule(), r.explanation(),
            counts.get(e.getKey())[0], e.getValue()));
      }
    }
    return out;
  }
}
