package io.kompass.engine.model;

import static io.kompass.engine.model.Column.oneOf;
import static io.kompass.engine.model.Column.optional;
import static io.kompass.engine.model.Column.ref;
import static io.kompass.engine.model.Column.required;
import static io.kompass.engine.model.ColumnType.BOOLEAN;
import static io.kompass.engine.model.ColumnType.CURRENCY;
import static io.kompass.engine.model.ColumnType.DATE;
import static io.kompass.engine.model.ColumnType.ID;
import static io.kompass.engine.model.ColumnType.INTEGER;
import static io.kompass.engine.model.ColumnType.MONEY;
import static io.kompass.engine.model.ColumnType.NUMBER;
import static io.kompass.engine.model.ColumnType.TEXT;
import static io.kompass.engine.model.ColumnType.TIMESTAMP;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The canonical tables, in the order they are imported (referenced tables first). */
public final class CanonicalModel {

  public static final List<String> DEAL_STATUSES = List.of("open", "won", "lost");
  public static final List<String> LEAD_STATUSES = List.of("open", "qualified", "converted", "lost");
  public static final List<String> ACTIVITY_TYPES = List.of("call", "meeting", "email", "task");
  public static final List<String> COST_CATEGORIES = List.of("marketing", "sales", "tools");
  public static final List<String> SURVEY_KINDS = List.of("csat", "nps");

  private static final List<Table> TABLES =
      List.of(
          new Table(
              "currency_rates",
              List.of("rate_date", "currency"),
              List.of(
                  required("rate_date", DATE, "Day from which the rate is in force"),
                  required("currency", CURRENCY, "Currency the rate converts from"),
                  required("rate", NUMBER, "Units of the workspace currency for one unit of `currency`")),
              "Exchange rates into the workspace currency. A rate stays in force until the next"
                  + " rate of the same currency."),
          new Table(
              "teams",
              List.of("id"),
              List.of(
                  required("id", ID, "Team id in the source system"),
                  required("name", TEXT, "Team name"),
                  optional("region", TEXT, "Sales region the team covers")),
              "Sales teams and the region each covers."),
          new Table(
              "reps",
              List.of("id"),
              List.of(
                  required("id", ID, "Rep (user/owner) id in the source system"),
                  required("name", TEXT, "Full name as shown on dashboards"),
                  optional("email", TEXT, "E-mail address, used to match sign-ins"),
                  ref("team_id", "teams", false, "Team the rep belongs to"),
                  optional("started_at", DATE, "First working day (for ramp time)"),
                  optional("ended_at", DATE, "Last working day, if the rep has left")),
              "Sales reps: the owners of leads, deals and activities."),
          new Table(
              "pipeline_stages",
              List.of("pipeline", "stage"),
              List.of(
                  required("pipeline", TEXT, "Pipeline name"),
                  required("stage", TEXT, "Stage name as used in deals"),
                  required("position", INTEGER, "Order of the stage within its pipeline, from 1"),
                  oneOf("status", true, DEAL_STATUSES, "What a deal in this stage is: open, won or lost"),
                  optional("qualified", BOOLEAN, "Whether an open deal in this stage counts as qualified pipeline")
                      .withDefault("true"),
                  optional("probability", NUMBER, "Default win probability of the stage, 0 to 1")),
              "The stages of each pipeline. Deals in stages not listed here count as open and"
                  + " qualified unless their status says otherwise."),
          new Table(
              "accounts",
              List.of("id"),
              List.of(
                  required("id", ID, "Account (company/customer) id in the source system"),
                  required("name", TEXT, "Company name"),
                  optional("domain", TEXT, "Web domain, used to spot duplicate accounts"),
                  optional("segment", TEXT, "Customer segment, e.g. SMB, Mid-market, Enterprise"),
                  optional("industry", TEXT, "Industry"),
                  optional("region", TEXT, "Region of the customer"),
                  optional("country", TEXT, "Country"),
                  optional("channel", TEXT, "Channel through which the customer was acquired"),
                  optional("created_at", TIMESTAMP, "When the account was created in the source")),
              "Accounts: the companies you sell to. An account becomes a customer with its first"
                  + " won deal or first order."),
          new Table(
              "leads",
              List.of("id"),
              List.of(
                  required("id", ID, "Lead id in the source system"),
                  required("created_at", TIMESTAMP, "First contact: when the lead was created"),
                  optional("name", TEXT, "Person's name"),
                  optional("email", TEXT, "Person's e-mail"),
                  optional("company", TEXT, "Company named on the lead"),
                  optional("channel", TEXT, "Lead source / marketing channel"),
                  oneOf("status", false, LEAD_STATUSES, "open, qualified, converted or lost")
                      .withDefault("open"),
                  optional("qualified_at", TIMESTAMP, "When the lead was qualified"),
                  optional("converted_at", TIMESTAMP, "When the lead was converted to a deal"),
                  optional("lost_at", TIMESTAMP, "When the lead was lost or disqualified"),
                  optional("lost_reason", TEXT, "Why the lead was lost"),
                  ref("owner_id", "reps", false, "Rep who owns the lead"),
                  ref("account_id", "accounts", false, "Account the lead belongs to"),
                  optional("converted_deal_id", ID, "Deal the lead was converted into (e.g. Salesforce ConvertedOpportunityId);"
                      + " that deal's lead_id is set to this lead when the deal names no lead")),
              "Leads (prospects, MQLs). A lead converts when a won deal links to it."),
          new Table(
              "deals",
              List.of("id"),
              List.of(
                  required("id", ID, "Deal (opportunity) id in the source system"),
                  optional("name", TEXT, "Deal name"),
                  optional("pipeline", TEXT, "Pipeline name").withDefault("default"),
                  required("stage", TEXT, "Current stage"),
                  oneOf("status", true, DEAL_STATUSES, "open, won or lost"),
                  optional("amount", MONEY, "Deal value"),
                  optional("currency", CURRENCY, "Currency of amount; required when amount is given"),
                  required("created_at", TIMESTAMP, "When the deal was created"),
                  optional("closed_at", TIMESTAMP, "When the deal was won or lost; required when closed"),
                  optional("expected_close_at", DATE, "Expected close date of an open deal"),
                  optional("qualified_at", TIMESTAMP,
                      "When the deal first entered a qualified stage; taken from the stage history when empty"),
                  ref("lead_id", "leads", false, "Lead the deal came from"),
                  ref("account_id", "accounts", false, "Customer account"),
                  ref("owner_id", "reps", false, "Rep who owns the deal"),
                  optional("product", TEXT, "Main product"),
                  optional("channel", TEXT, "Lead source / marketing channel of the deal"),
                  optional("lost_reason", TEXT, "Why the deal was lost")),
              "Deals (opportunities) with their current stage and status."),
          new Table(
              "deal_stage_history",
              List.of("deal_id", "entered_at", "stage"),
              List.of(
                  ref("deal_id", "deals", true, "The deal that changed stage"),
                  required("stage", TEXT, "Stage entered"),
                  required("entered_at", TIMESTAMP, "When the stage was entered"),
                  oneOf("status", false, DEAL_STATUSES,
                      "Status in that stage; taken from pipeline_stages when empty"),
                  optional("pipeline", TEXT, "Pipeline the stage belongs to; the deal's pipeline when empty"),
                  optional("amount", MONEY,
                      "The deal's amount from this change on, where the source keeps it (Salesforce's OpportunityHistory);"
                          + " empty: the deal's current amount. The pipeline value on past dates uses it"),
                  optional("currency", CURRENCY, "Currency of amount; the deal's currency when empty")),
              "Every stage change of every deal. This is what lets Kompass compute the pipeline as"
                  + " it was on any past date. A file replaces the whole history of each deal it"
                  + " names; deals imported without history get one from their dates, and stage"
                  + " changes seen between imports are added."),
          new Table(
              "activities",
              List.of("id"),
              List.of(
                  required("id", ID, "Activity id in the source system"),
                  oneOf("type", true, ACTIVITY_TYPES, "call, meeting, email or task"),
                  required("occurred_at", TIMESTAMP, "When it happened (or is due)"),
                  optional("done", BOOLEAN, "Whether it was done").withDefault("true"),
                  optional("duration_seconds", INTEGER, "Duration, for calls and meetings"),
                  ref("deal_id", "deals", false, "Deal it belongs to"),
                  ref("lead_id", "leads", false, "Lead it belongs to"),
                  ref("account_id", "accounts", false, "Account it belongs to"),
                  ref("rep_id", "reps", false, "Rep who did it"),
                  optional("outcome", TEXT, "Call disposition or meeting outcome"),
                  optional("subject", TEXT, "Subject line")),
              "Calls, meetings, e-mails and tasks."),
          new Table(
              "orders",
              List.of("id"),
              List.of(
                  required("id", ID, "Order id in the source system"),
                  ref("account_id", "accounts", true, "Customer who ordered"),
                  required("ordered_at", TIMESTAMP, "Order date"),
                  required("amount", MONEY, "Net order value"),
                  optional("gross_amount", MONEY, "Gross order value (before discounts/returns), if known"),
                  required("currency", CURRENCY, "Currency of the amounts"),
                  ref("deal_id", "deals", false, "Deal the order came from"),
                  ref("rep_id", "reps", false, "Rep credited with the order"),
                  optional("product", TEXT, "Main product")),
              "Orders (purchases) by customers, for order value and retention."),
          new Table(
              "costs",
              List.of("id"),
              List.of(
                  required("id", ID, "Cost line id"),
                  required("incurred_on", DATE, "Date the cost belongs to"),
                  oneOf("category", true, COST_CATEGORIES, "marketing, sales or tools"),
                  optional("channel", TEXT, "Channel the cost was spent on"),
                  required("amount", MONEY, "Amount"),
                  required("currency", CURRENCY, "Currency of amount"),
                  ref("team_id", "teams", false, "Team the cost belongs to"),
                  optional("description", TEXT, "What it was")),
              "Sales and marketing costs, for customer acquisition cost."),
          new Table(
              "survey_responses",
              List.of("id"),
              List.of(
                  required("id", ID, "Response id"),
                  oneOf("kind", true, SURVEY_KINDS, "csat or nps"),
                  required("score", INTEGER, "Score given"),
                  optional("scale_max", INTEGER, "Top of the scale: 5 for CSAT (1-5), 10 for NPS (0-10)"),
                  required("responded_at", TIMESTAMP, "When the answer was given"),
                  ref("account_id", "accounts", false, "Customer who answered"),
                  ref("rep_id", "reps", false, "Rep the answer is about"),
                  ref("deal_id", "deals", false, "Deal the answer is about")),
              "Customer satisfaction (CSAT) and Net Promoter Score (NPS) answers."),
          new Table(
              "targets",
              List.of("id"),
              List.of(
                  required("id", ID, "Target id"),
                  required("kpi", TEXT, "KPI id the target is for, e.g. revenue"),
                  ref("rep_id", "reps", false, "Rep the target is for (empty: team or company)"),
                  ref("team_id", "teams", false, "Team the target is for (empty: company)"),
                  required("period_start", DATE, "First day of the target period"),
                  required("period_end", DATE, "Last day of the target period"),
                  required("value", NUMBER, "Target value, in the KPI's unit")),
              "Targets (quotas, goals) per KPI, rep or team, and period."));

  /**
   * Columns whose value, given as a date alone, may fall on the day of another column's time: a deal closed the day
   * it was created, where the export gives the close date without a time (Salesforce's CloseDate, Zoho's Closing Date)
   * and the creation with one. Such a value is stored as that time ({@link #sameDayAsDate}), so that the deal is not
   * closed before it was created, and the rules below do not quarantine it. So is a date alone on the day before: a date
   * is a day where the CRM's user is, while a creation time given in UTC (Salesforce's CreatedDate) is read in the
   * workspace's time zone, and a deal created at 22:30 UTC on 31 March was created on 1 April in Stockholm.
   */
  private static final Map<String, Map<String, String>> SAME_DAY =
      Map.of(
          "deals", Map.of("closed_at", "created_at"),
          "leads", Map.of("converted_at", "created_at", "lost_at", "created_at", "qualified_at", "created_at"));

  /**
   * SQL true when {@code later} is before {@code earlier}, other than as a date alone on its day or the day before (see
   * {@link #SAME_DAY}).
   */
  private static String before(String later, String earlier) {
    return later + " < " + earlier + " AND (CAST(" + later + " AS DATE) < CAST(" + earlier + " AS DATE) - INTERVAL 1 DAY OR CAST(" + later
        + " AS TIME) <> TIME '00:00:00')";
  }

  /**
   * The column of {@code table} whose time a date-only value of {@code column} on the same day takes, or null.
   */
  public static String sameDayAsDate(String table, String column) {
    return SAME_DAY.getOrDefault(table, Map.of()).get(column);
  }

  /** Checks across columns; evaluated on parsed values (column names as in the table). */
  private static final Map<String, List<RowRule>> ROW_RULES =
      Map.of(
          "deals",
          List.of(
              new RowRule("currency", "amount IS NOT NULL AND currency IS NULL",
                  "amount has no currency: fill in the currency column"),
              new RowRule("closed_at", "status IN ('won', 'lost') AND closed_at IS NULL",
                  "deal is closed (won/lost) but has no closed_at"),
              new RowRule("closed_at", "status = 'open' AND closed_at IS NOT NULL",
                  "deal is open but has a closed_at: set status to won or lost, or clear closed_at"),
              new RowRule("closed_at", before("closed_at", "created_at"), "closed before it was created")),
          "leads",
          List.of(
              new RowRule("converted_at", before("converted_at", "created_at"), "converted before it was created"),
              new RowRule("lost_at", before("lost_at", "created_at"), "lost before it was created"),
              new RowRule("qualified_at", before("qualified_at", "created_at"), "qualified before it was created")),
          "reps",
          List.of(new RowRule("ended_at", "ended_at < started_at", "left before starting")),
          "survey_responses",
          List.of(
              new RowRule("score", "kind = 'nps' AND (score < 0 OR score > 10)",
                  "NPS score must be between 0 and 10"),
              new RowRule("score", "kind = 'csat' AND (score < 1 OR score > scale_max)",
                  "CSAT score must be between 1 and scale_max"),
              new RowRule("scale_max", "scale_max < 2", "scale_max must be at least 2")),
          "targets",
          List.of(new RowRule("period_end", "period_end < period_start", "period ends before it starts")),
          "currency_rates",
          List.of(new RowRule("rate", "rate <= 0", "rate must be greater than zero")),
          "pipeline_stages",
          List.of(new RowRule("probability", "probability < 0 OR probability > 1",
              "probability must be between 0 and 1")));

  private CanonicalModel() {}

  /** All tables, referenced tables before the tables that refer to them. */
  public static List<Table> tables() {
    return TABLES;
  }

  public static Table table(String name) {
    return TABLES.stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no canonical table " + name));
  }

  /** Every stored column of a table: its importable columns plus the bookkeeping ones. */
  public static List<String> storedColumns(String table) {
    List<String> out = new java.util.ArrayList<>(table(table).columns().stream().map(Column::name).toList());
    out.add("source_system");
    if (table.equals("deal_stage_history")) {
      out.add("inferred");
      out.add("left_at");
    }
    return out;
  }

  public static boolean hasTable(String name) {
    return TABLES.stream().anyMatch(t -> t.name().equals(name));
  }

  public static List<RowRule> rowRules(String table) {
    return ROW_RULES.getOrDefault(table, List.of());
  }
}
