package io.kompass.engine.demo;

import java.util.List;
import java.util.Map;

/**
 * The demo company: every parameter the generator draws from. Tests and documentation read the
 * configured values from here, so that "the channel with the highest configured conversion has
 * the highest measured conversion" stays true when a number changes.
 *
 * <p>The company is Fjällbrink Software, a fictional B2B software vendor with sales teams in four
 * European regions. Money parameters are in EUR unless a field says otherwise.
 */
public final class DemoProfile {

  private DemoProfile() {}

  public static final String COMPANY = "Fjällbrink Software";
  public static final String SOURCE_SYSTEM = "demo";
  /** Domain of the reps' e-mail addresses; {@code .example} is reserved and never resolves. */
  public static final String EMAIL_DOMAIN = "fjallbrink.example";

  /** Length of the generated history, ending at {@link DemoSpec#end()}. */
  public static final int MONTHS = 36;

  // ---- Sales organisation ----

  /** Deals a fully ramped rep creates per month; sets the head count from the deal count. */
  public static final int DEALS_PER_REP_MONTH = 40;
  /** Smallest sales force: four teams of four, so that every region shows even in a tiny demo. */
  public static final int MIN_REPS = 16;
  /** Typical team size; teams have 4 to 8 reps at the end of the timeline. */
  public static final int REPS_PER_TEAM = 6;
  /** Share of the final head count already on board when the timeline starts; the rest is hired over time. */
  public static final double INITIAL_HEADCOUNT_SHARE = 0.85;
  /** Chance that a rep leaves during the timeline; a replacement starts one or two months later. */
  public static final double LEAVE_PROBABILITY = 0.15;

  /** A country customers are in, with the legal form of company names there. */
  public record Country(String name, String legalForm, double share) {}

  /**
   * A sales region.
   *
   * @param currency the currency its teams sell and are paid in
   * @param cities team names, in the order teams are opened
   * @param headcountShare share of all teams
   * @param segmentMix shares of SMB, Mid-market and Enterprise among new deals
   * @param julyFactor extra dampening of July on top of {@link #SEASONALITY} (Swedish summer holidays)
   * @param monthlySalary fully loaded monthly cost of one rep, in {@code currency}
   */
  public record Region(
      String name,
      String currency,
      List<String> cities,
      double headcountShare,
      List<Country> countries,
      List<Double> segmentMix,
      double julyFactor,
      double monthlySalary) {}

  public static final List<Region> REGIONS =
      List.of(
          new Region("Nordics", "SEK", List.of("Stockholm", "Gothenburg", "Malmö", "Uppsala"), 0.30,
              List.of(new Country("Sweden", "AB", 1.0)), List.of(0.58, 0.30, 0.12), 0.75, 68_000),
          new Region("DACH", "EUR", List.of("Munich", "Berlin", "Hamburg", "Vienna"), 0.30,
              List.of(new Country("Germany", "GmbH", 0.70), new Country("Austria", "GmbH", 0.18),
                  new Country("Switzerland", "AG", 0.12)),
              List.of(0.48, 0.34, 0.18), 1.0, 6_400),
          new Region("UK & Ireland", "EUR", List.of("Dublin", "Cork", "Galway", "Limerick"), 0.20,
              List.of(new Country("Ireland", "Ltd", 0.45), new Country("United Kingdom", "Ltd", 0.55)),
              List.of(0.55, 0.32, 0.13), 1.0, 5_800),
          new Region("Benelux", "EUR", List.of("Amsterdam", "Rotterdam", "Brussels", "Antwerp"), 0.20,
              List.of(new Country("Netherlands", "B.V.", 0.55), new Country("Belgium", "NV", 0.38),
                  new Country("Luxembourg", "S.A.", 0.07)),
              List.of(0.60, 0.30, 0.10), 1.0, 6_000));

  /**
   * How a rep's skill differs from the average: a log-normal multiplier {@code exp(sigma * Z)}
   * clamped to [min, max] (or, for {@link #CSAT_SKILL}, an additive shift of the score).
   */
  public record Spread(double sigma, double min, double max) {}

  /** Multiplies the rep's win probability. */
  public static final Spread WIN_SKILL = new Spread(0.18, 0.65, 1.5);
  /** Multiplies the rep's deal amounts. */
  public static final Spread SIZE_SKILL = new Spread(0.15, 0.7, 1.4);
  /** Multiplies how many deals the rep creates. */
  public static final Spread VOLUME_SKILL = new Spread(0.10, 0.8, 1.25);
  /** Added to the rep's CSAT scores (and, scaled, NPS scores). */
  public static final Spread CSAT_SKILL = new Spread(0.30, -0.7, 0.7);

  /**
   * Ramp-up of a new rep: over their first {@code minMonths..maxMonths} months (drawn per rep),
   * deal volume rises linearly from {@code firstMonthVolume} and win probability from
   * {@code firstMonthWinRate} (both as multipliers) to 1.
   */
  public record Ramp(int minMonths, int maxMonths, double firstMonthVolume, double firstMonthWinRate) {
    public double volume(double tenureMonths, int rampMonths) {
      return tenureMonths >= rampMonths ? 1.0 : firstMonthVolume + (1 - firstMonthVolume) * tenureMonths / rampMonths;
    }

    public double winRate(double tenureMonths, int rampMonths) {
      return tenureMonths >= rampMonths ? 1.0 : firstMonthWinRate + (1 - firstMonthWinRate) * tenureMonths / rampMonths;
    }
  }

  public static final Ramp RAMP = new Ramp(3, 6, 0.25, 0.5);

  // ---- Market ----

  /** Deal creation per calendar month, January first: summer and December holidays, strong quarter ends. */
  public static final List<Double> SEASONALITY =
      List.of(0.95, 1.00, 1.10, 1.00, 1.05, 1.08, 0.62, 0.72, 1.12, 1.10, 1.06, 0.80);
  /** Growth of deal volume per year (compounded monthly). */
  public static final double YEARLY_GROWTH = 0.03;
  /**
   * Chance that a won deal whose natural close falls in the first {@link #QUARTER_END_DAYS} days
   * of a quarter is pulled into the last days of the quarter before: the quarter-end push.
   */
  public static final double QUARTER_END_PULL = 0.4;
  public static final int QUARTER_END_DAYS = 12;

  /**
   * A lead source.
   *
   * @param leadShare share of all new-business leads
   * @param leadToDeal chance that a lead becomes a deal
   * @param winFactor multiplies the segment's win rate for deals from this channel
   * @param costPerLead marketing spend per lead, EUR
   * @param leadLagDays how long, at most, a lead waits before its deal is created
   */
  public record Channel(
      String name, double leadShare, double leadToDeal, double winFactor, double costPerLead, int leadLagDays) {

    /** Configured lead-to-customer conversion: becomes a deal, then is won (at the average win rate). */
    public double configuredConversion() {
      return leadToDeal * AVERAGE_WIN_RATE * winFactor;
    }

    /** Configured marketing cost per new customer from this channel, EUR. */
    public double configuredCac() {
      return costPerLead / configuredConversion();
    }
  }

  public static final List<Channel> CHANNELS =
      List.of(
          new Channel("Referral", 0.08, 0.70, 1.45, 150, 7),
          new Channel("Events", 0.14, 0.45, 1.15, 300, 14),
          new Channel("Organic search", 0.28, 0.35, 1.00, 30, 10),
          new Channel("Paid search", 0.25, 0.30, 0.90, 90, 10),
          new Channel("Cold outbound", 0.25, 0.18, 0.80, 55, 21));

  /** The channel of deals with existing customers (expansions and renewals); they have no lead. */
  public static final String EXISTING_CUSTOMER_CHANNEL = "Existing customer";

  /** Average of the segments' win rates weighted by their share, used for configured conversions. */
  public static final double AVERAGE_WIN_RATE = 0.30;

  /**
   * A customer segment.
   *
   * @param share share of new deals (overall; regions shift it)
   * @param medianAmount median deal amount for the main product, EUR
   * @param amountSpread sigma of the log-normal deal amount
   * @param medianCycleDays median days from deal created to closed
   * @param winRate base win probability of a new-business deal
   * @param activitiesPerDeal mean calls, meetings, e-mails and tasks on a deal that reaches negotiation
   * @param activityMix shares of call, email, meeting, task
   * @param monthlyChurn chance per month that a customer stops buying (Enterprise: the same risk, realised only
   *     at the end of a contract term)
   * @param monthlyReorder chance per month that an active customer places a repeat order
   * @param reorderShare size of a repeat order relative to the first deal
   * @param monthlyExpansion relative chance per customer-month of an expansion deal
   * @param maxDiscount largest discount between gross and net order amount
   */
  public record Segment(
      String name,
      double share,
      double medianAmount,
      double amountSpread,
      double medianCycleDays,
      double winRate,
      double activitiesPerDeal,
      List<Double> activityMix,
      double monthlyChurn,
      double monthlyReorder,
      double reorderShare,
      double monthlyExpansion,
      double maxDiscount) {}

  public static final List<Segment> SEGMENTS =
      List.of(
          new Segment("SMB", 0.55, 6_000, 0.45, 24, 0.34, 2.6, List.of(0.38, 0.42, 0.10, 0.10),
              0.035, 0.30, 0.10, 0.010, 0.08),
          new Segment("Mid-market", 0.32, 28_000, 0.50, 60, 0.28, 5.4, List.of(0.30, 0.38, 0.20, 0.12),
              0.02, 0.40, 0.07, 0.020, 0.15),
          new Segment("Enterprise", 0.13, 140_000, 0.55, 130, 0.22, 10.0, List.of(0.22, 0.35, 0.30, 0.13),
              0.009, 0.50, 0.04, 0.035, 0.22));

  /** Index of the Enterprise segment: its customers sign contracts renewed in the Renewals pipeline. */
  public static final int ENTERPRISE = 2;
  /** Term of an Enterprise contract; Enterprise customers churn only when a term ends (a lost renewal). */
  public static final int CONTRACT_MONTHS = 24;

  /**
   * A product.
   *
   * @param priceFactor deal amount relative to the segment's median
   * @param newBusinessShare share among new-business deals
   * @param expansionShare share among expansion deals and repeat orders
   */
  public record Product(String name, double priceFactor, double newBusinessShare, double expansionShare) {}

  public static final List<Product> PRODUCTS =
      List.of(
          new Product("Platform", 1.00, 0.55, 0.05),
          new Product("Analytics", 0.45, 0.15, 0.35),
          new Product("Integrations", 0.35, 0.12, 0.25),
          new Product("Premium Support", 0.25, 0.08, 0.20),
          new Product("Onboarding", 0.20, 0.10, 0.15));

  public static final List<String> INDUSTRIES =
      List.of("Manufacturing", "Retail", "Logistics", "Healthcare", "Financial services", "Software", "Energy",
          "Construction", "Education", "Professional services");
  public static final List<Double> INDUSTRY_SHARES =
      List.of(0.16, 0.12, 0.11, 0.09, 0.10, 0.14, 0.06, 0.08, 0.05, 0.09);

  // ---- Pipelines ----

  /** A pipeline stage as written to {@code pipeline_stages}. */
  public record Stage(String pipeline, String name, int position, String status, boolean qualified, double probability) {}

  public static final String NEW_BUSINESS = "New Business";
  public static final String RENEWALS = "Renewals";

  public static final List<Stage> NEW_BUSINESS_STAGES =
      List.of(
          new Stage(NEW_BUSINESS, "Prospecting", 1, "open", false, 0.05),
          new Stage(NEW_BUSINESS, "Qualification", 2, "open", true, 0.10),
          new Stage(NEW_BUSINESS, "Discovery", 3, "open", true, 0.20),
          new Stage(NEW_BUSINESS, "Proposal", 4, "open", true, 0.40),
          new Stage(NEW_BUSINESS, "Negotiation", 5, "open", true, 0.70),
          new Stage(NEW_BUSINESS, "Closed Won", 6, "won", false, 1.0),
          new Stage(NEW_BUSINESS, "Closed Lost", 7, "lost", false, 0.0));

  public static final List<Stage> RENEWAL_STAGES =
      List.of(
          new Stage(RENEWALS, "Renewal Due", 1, "open", true, 0.75),
          new Stage(RENEWALS, "Renewal Negotiation", 2, "open", true, 0.85),
          new Stage(RENEWALS, "Renewed", 3, "won", false, 1.0),
          new Stage(RENEWALS, "Churned", 4, "lost", false, 0.0));

  /** Where lost new-business deals drop out: shares of Prospecting .. Negotiation. */
  public static final List<Double> LOST_AT_STAGE = List.of(0.28, 0.27, 0.20, 0.15, 0.10);

  public static final List<String> EARLY_LOST_REASONS = List.of("No budget", "Not a fit", "No response", "Chose to wait");
  public static final List<String> LATE_LOST_REASONS =
      List.of("Lost to competitor", "Price too high", "No decision", "Timing");
  public static final List<String> RENEWAL_LOST_REASONS = List.of("Switched to competitor", "Budget cuts", "Low usage");
  public static final List<String> LEAD_LOST_REASONS =
      List.of("No response", "Not a fit", "No budget", "Bad timing", "Went with competitor", "Duplicate");

  /** Chance that a new-business deal skips one stage between its first and its last open stage. */
  public static final double SKIP_STAGE_SHARE = 0.06;
  /** Chance that a closed deal was closed once, reopened and closed again. */
  public static final double REOPEN_SHARE = 0.02;
  /** Of the reopened deals, the share first closed as lost (revived); the rest were first won and reopened. */
  public static final double REOPEN_FROM_LOST = 0.7;
  /** Chance that an old new-business deal stalls: never closed, still open with an overdue close date. */
  public static final double STALLED_SHARE = 0.02;

  // ---- Customers ----

  /** Share of all deals that are with existing customers (expansions and renewals). */
  public static final double EXISTING_CUSTOMER_DEAL_SHARE = 0.15;
  /**
   * Win probability of an expansion deal at the average segment; each segment's is scaled by its
   * {@link Segment#winRate()} relative to {@link #AVERAGE_WIN_RATE}, then by the rep's skill.
   */
  public static final double EXPANSION_WIN_RATE = 0.55;
  /** Expansion deal amounts relative to a new deal for the same product and segment. */
  public static final double EXPANSION_SIZE = 0.5;
  /** A renewal deal opens this many days before the contract anniversary. */
  public static final int RENEWAL_NOTICE_DAYS = 60;
  /** Price increase at each renewal. */
  public static final double RENEWAL_UPLIFT = 0.06;

  // ---- Activities ----

  /** Median call duration, seconds (log-normal, sigma 0.7). */
  public static final int MEDIAN_CALL_SECONDS = 300;
  /** Chance that a task is not done; other activities are left undone at a tenth of this rate. */
  public static final double TASK_NOT_DONE = 0.12;

  // ---- Surveys ----

  /** CSAT: share of won deals whose buyer answers, mean score (1-5) and its spread. */
  public static final double CSAT_RESPONSE_RATE = 0.35;
  public static final double CSAT_MEAN = 4.05;
  public static final double CSAT_SPREAD = 0.85;
  /** NPS: share of customers answering each half-year survey, mean score (0-10), spread. */
  public static final double NPS_RESPONSE_RATE = 0.40;
  public static final double NPS_MEAN = 8.5;
  public static final double NPS_SPREAD = 1.6;
  /** NPS points lost by customers who churn within half a year of answering. */
  public static final double NPS_CHURN_PENALTY = 2.5;

  // ---- Money ----

  /** List prices in SEK are EUR list prices times this, rounded to 100 SEK. */
  public static final double SEK_PER_EUR_LIST = 11.0;
  /** EUR per SEK: start, floor and ceiling of the daily drift. */
  public static final double EUR_PER_SEK_START = 0.0905;
  public static final double EUR_PER_SEK_MIN = 0.0855;
  public static final double EUR_PER_SEK_MAX = 0.0945;
  /**
   * Units of other workspace currencies per EUR, used when the workspace currency is neither EUR
   * nor SEK (rates then drift around these).
   */
  public static final Map<String, Double> OTHER_CURRENCIES_PER_EUR =
      Map.of("USD", 1.08, "GBP", 0.85, "CHF", 0.95, "NOK", 11.6, "DKK", 7.46);

  /** Sales commission on won deal amounts, booked in the month of the win. */
  public static final double COMMISSION_RATE = 0.08;
  /** CRM and sales tools per active rep and month, plus a fixed platform fee, EUR. */
  public static final double TOOLS_PER_REP = 140;
  public static final double TOOLS_FIXED = 2_500;
  /** Brand and content marketing not attributable to a channel, as a share of channel spend. */
  public static final double BRAND_MARKETING_SHARE = 0.12;

  /** Monthly revenue quotas add up to this much more than the revenue the teams really win. */
  public static final double QUOTA_STRETCH = 1.05;
}
