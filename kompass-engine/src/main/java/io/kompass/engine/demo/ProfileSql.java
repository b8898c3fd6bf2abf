package io.kompass.engine.demo;

import static io.kompass.engine.demo.SqlText.lit;
import static io.kompass.engine.demo.SqlText.num;
import static io.kompass.engine.demo.SqlText.numbers;
import static io.kompass.engine.demo.SqlText.pick;
import static io.kompass.engine.demo.SqlText.strings;

import io.kompass.engine.demo.DemoProfile.Channel;
import io.kompass.engine.demo.DemoProfile.Product;
import io.kompass.engine.demo.DemoProfile.Region;
import io.kompass.engine.demo.DemoProfile.Segment;
import io.kompass.engine.demo.DemoProfile.Stage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The {@link DemoProfile} and the timeline as SQL placeholder values, shared by all generator
 * templates: times in epoch microseconds ({@code ${NOW}}, {@code ${DAY}}), per-segment,
 * per-channel and per-product parameters as list literals indexed by the row's number
 * ({@code ${SEG_WIN}[segment + 1]}), names, and the currency of each region.
 */
final class ProfileSql {

  /** Average month and year in microseconds, for customer lifetimes. */
  static final long MONTH_US = 2_629_800_000_000L;
  static final long YEAR_US = 31_557_600_000_000L;

  private ProfileSql() {}

  static Map<String, String> values(Timeline t) {
    Map<String, String> v = new HashMap<>();
    v.put("NOW", Long.toString(t.nowUs()));
    v.put("START", Long.toString(t.startUs()));
    v.put("DAY", Long.toString(Timeline.DAY_US));
    v.put("HOUR", Long.toString(Timeline.HOUR_US));
    v.put("MONTH", Long.toString(MONTH_US));
    v.put("YEAR", Long.toString(YEAR_US));
    v.put("SOURCE", lit(DemoProfile.SOURCE_SYSTEM));

    List<Segment> seg = DemoProfile.SEGMENTS;
    v.put("SEG_NAME", strings(seg.stream().map(Segment::name).toList()));
    v.put("SEG_MEDIAN", per(seg, Segment::medianAmount));
    v.put("SEG_SPREAD", per(seg, Segment::amountSpread));
    v.put("SEG_CYCLE", per(seg, Segment::medianCycleDays));
    v.put("SEG_WIN", per(seg, Segment::winRate));
    v.put("SEG_ACTS", per(seg, Segment::activitiesPerDeal));
    v.put("SEG_CHURN", per(seg, Segment::monthlyChurn));
    v.put("SEG_REORDER", per(seg, Segment::monthlyReorder));
    v.put("SEG_REORDER_SHARE", per(seg, Segment::reorderShare));
    v.put("SEG_EXPANSION", per(seg, Segment::monthlyExpansion));
    v.put("SEG_DISCOUNT", per(seg, Segment::maxDiscount));
    v.put("ENTERPRISE", Integer.toString(DemoProfile.ENTERPRISE));
    double ent = seg.get(DemoProfile.ENTERPRISE).monthlyChurn();
    v.put("ENT_TERM_CHURN", num(1 - StrictMath.pow(1 - ent, DemoProfile.CONTRACT_MONTHS)));
    v.put("TERM", Long.toString(DemoProfile.CONTRACT_MONTHS * MONTH_US));

    List<Channel> ch = DemoProfile.CHANNELS;
    List<String> channelNames = new ArrayList<>(ch.stream().map(Channel::name).toList());
    channelNames.add(DemoProfile.EXISTING_CUSTOMER_CHANNEL);
    v.put("CH_NAME", strings(channelNames));
    v.put("CH_LEAD_TO_DEAL", per(ch, Channel::leadToDeal));
    v.put("CH_WIN", per(ch, Channel::winFactor));
    v.put("CH_LAG", per(ch, c -> c.leadLagDays()));
    v.put("EXISTING_CHANNEL", Integer.toString(ch.size()));
    v.put("OUTBOUND", Integer.toString(ch.size() - 1));

    List<Product> pr = DemoProfile.PRODUCTS;
    v.put("PRODUCT_NAME", strings(pr.stream().map(Product::name).toList()));
    v.put("PRICE", per(pr, Product::priceFactor));

    List<Region> rg = DemoProfile.REGIONS;
    v.put("REGION_NAME", strings(rg.stream().map(Region::name).toList()));
    v.put("REGION_CURRENCY", strings(rg.stream().map(Region::currency).toList()));

    v.put("NB_STAGE", strings(DemoProfile.NEW_BUSINESS_STAGES.stream().map(Stage::name).toList()));
    v.put("RENEWAL_STAGE", strings(DemoProfile.RENEWAL_STAGES.stream().map(Stage::name).toList()));
    v.put("NB_QUALIFIED", booleans(DemoProfile.NEW_BUSINESS_STAGES));
    v.put("RENEWAL_QUALIFIED", booleans(DemoProfile.RENEWAL_STAGES));
    v.put("NB_WON", Integer.toString(position(DemoProfile.NEW_BUSINESS_STAGES, "won")));
    v.put("NB_LOST", Integer.toString(position(DemoProfile.NEW_BUSINESS_STAGES, "lost")));
    v.put("RENEWAL_WON", Integer.toString(position(DemoProfile.RENEWAL_STAGES, "won")));
    v.put("RENEWAL_LOST", Integer.toString(position(DemoProfile.RENEWAL_STAGES, "lost")));
    v.put("SEASON", numbers(DemoProfile.SEASONALITY));
    List<String> reasons = new ArrayList<>(DemoProfile.EARLY_LOST_REASONS);
    reasons.addAll(DemoProfile.LATE_LOST_REASONS);
    reasons.addAll(DemoProfile.RENEWAL_LOST_REASONS);
    v.put("LOST_REASON", strings(reasons));
    v.put("LATE_REASONS_FROM", Integer.toString(DemoProfile.EARLY_LOST_REASONS.size()));
    v.put("RENEWAL_REASONS_FROM",
        Integer.toString(DemoProfile.EARLY_LOST_REASONS.size() + DemoProfile.LATE_LOST_REASONS.size()));
    v.put("LEAD_LOST_REASON", strings(DemoProfile.LEAD_LOST_REASONS));
    v.put("INDUSTRY", strings(DemoProfile.INDUSTRIES));
    return v;
  }

  private static String booleans(List<Stage> stages) {
    return stages.stream().map(s -> Boolean.toString(s.qualified())).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Position of the (only) stage with the given closing status. */
  private static int position(List<Stage> stages, String status) {
    return stages.stream().filter(s -> s.status().equals(status)).findFirst().orElseThrow().position();
  }

  private static <T> String per(List<T> items, ToDoubleFunction<T> f) {
    return numbers(items.stream().map(i -> f.applyAsDouble(i)).toList());
  }

  /** Picks a segment (0-based) from the column {@code u} with the mix of the row's region. */
  static String pickSegment(String u, String region) {
    return perRegion(region, r -> pick(u, r.segmentMix()));
  }

  /** Picks a lead channel (0-based) in proportion to the deals it brings: lead share times lead-to-deal rate. */
  static String pickDealChannel(String u) {
    return pick(u, DemoProfile.CHANNELS.stream().map(c -> c.leadShare() * c.leadToDeal()).toList());
  }

  static String pickNewBusinessProduct(String u) {
    return pick(u, DemoProfile.PRODUCTS.stream().map(Product::newBusinessShare).toList());
  }

  static String pickExpansionProduct(String u) {
    return pick(u, DemoProfile.PRODUCTS.stream().map(Product::expansionShare).toList());
  }

  /**
   * A deal amount in the currency of the row's region from an amount in EUR: SEK list prices are
   * {@link DemoProfile#SEK_PER_EUR_LIST} times EUR, rounded to 100 SEK; EUR to 10 EUR.
   */
  static String money(String eur, String region) {
    return perRegion(region, r -> r.currency().equals("SEK")
        ? "CAST(greatest(1000, round(" + eur + " * " + num(DemoProfile.SEK_PER_EUR_LIST) + " / 100) * 100)"
            + " AS DECIMAL(18,2))"
        : "CAST(greatest(100, round(" + eur + " / 10) * 10) AS DECIMAL(18,2))");
  }

  /** Rounds an amount already in the row's currency like {@link #money}. */
  static String roundMoney(String amount, String region) {
    return perRegion(region, r -> r.currency().equals("SEK")
        ? "CAST(greatest(100, round(" + amount + " / 100) * 100) AS DECIMAL(18,2))"
        : "CAST(greatest(10, round(" + amount + " / 10) * 10) AS DECIMAL(18,2))");
  }

  private static String perRegion(String region, Function<Region, String> f) {
    StringBuilder sb = new StringBuilder("CASE ").append(region);
    List<Region> rg = DemoProfile.REGIONS;
    for (int r = 0; r < rg.size(); r++) {
      sb.append(" WHEN ").append(r).append(" THEN ").append(f.apply(rg.get(r)));
    }
    return sb.append(" END").toString();
  }
}
