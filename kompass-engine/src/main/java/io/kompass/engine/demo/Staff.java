package io.kompass.engine.demo;

import io.kompass.engine.demo.DemoProfile.Region;
import io.kompass.engine.demo.DemoProfile.Spread;
import io.kompass.engine.demo.Timeline.Month;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The sales organisation: teams in the regions of {@link DemoProfile#REGIONS}, reps who start,
 * ramp up and sometimes leave, and how many new-business deals each rep creates in each month.
 * Decided in Java (a few thousand rows at most) and handed to the SQL generators as temp tables.
 */
final class Staff {

  record Team(int no, String name, int region) {
    String id() {
      return "T" + no;
    }
  }

  record Rep(
      int no,
      int team,
      int region,
      String name,
      String email,
      LocalDate startedAt,
      LocalDate endedAt,
      int rampMonths,
      double winSkill,
      double sizeSkill,
      double volumeSkill,
      double csatSkill) {

    String id() {
      return "R" + no;
    }
  }

  /** When a rep works for the company; {@code end} is null while they stay. */
  private record Spell(LocalDate start, LocalDate end) {}

  /** The days a rep works in one month, with their ramp-up and the new-business deals they create. */
  record RepMonth(Rep rep, Month month, LocalDate from, LocalDate to, double tenureMonths, double weight) {
    int days() {
      return (int) (to.toEpochDay() - from.toEpochDay()) + 1;
    }

    double volumeRamp() {
      return DemoProfile.RAMP.volume(tenureMonths, rep.rampMonths());
    }

    double winFactor() {
      return rep.winSkill() * DemoProfile.RAMP.winRate(tenureMonths, rep.rampMonths());
    }

    boolean wholeMonth() {
      return from.equals(month.first()) && to.equals(month.last());
    }
  }

  private static final double DAYS_PER_MONTH = 30.4375;

  final List<Team> teams;
  final List<Rep> reps;
  final List<RepMonth> repMonths;
  /** New-business deals per entry of {@link #repMonths}. */
  final long[] deals;

  private Staff(List<Team> teams, List<Rep> reps, List<RepMonth> repMonths, long[] deals) {
    this.teams = teams;
    this.reps = reps;
    this.repMonths = repMonths;
    this.deals = deals;
  }

  /** Hires the sales force for {@code totalDeals} deals and splits {@code newBusinessDeals} over its rep-months. */
  static Staff hire(long seed, long totalDeals, long newBusinessDeals, Timeline timeline) {
    SplittableRandom rng = new SplittableRandom(HashRandom.splitmix(seed ^ 0x5EED_57AFL));
    int repCount = (int) Math.max(DemoProfile.MIN_REPS,
        Math.round(totalDeals / (double) (DemoProfile.MONTHS * DemoProfile.DEALS_PER_REP_MONTH)));
    int teamCount =
        (int) Math.max(DemoProfile.REGIONS.size(), Math.round(repCount / (double) DemoProfile.REPS_PER_TEAM));
    List<Team> teams = openTeams(teamCount);
    List<Rep> reps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Team team : teams) {
      int headcount = repCount / teamCount + (team.no() - 1 < repCount % teamCount ? 1 : 0);
      reps.addAll(staffTeam(team, headcount, timeline, rng, names, reps.size()));
    }
    List<RepMonth> repMonths = repMonths(reps, timeline);
    long[] deals = allocate(repMonths.stream().mapToDouble(RepMonth::weight).toArray(), newBusinessDeals);
    return new Staff(teams, List.copyOf(reps), repMonths, deals);
  }

  /** Teams spread over the regions by head-count share (largest remainder, at least one per region). */
  private static List<Team> openTeams(int count) {
    List<Region> regions = DemoProfile.REGIONS;
    double[] share = regions.stream().mapToDouble(Region::headcountShare).toArray();
    long[] perRegion = allocate(share, count - regions.size());
    List<Team> teams = new ArrayList<>();
    for (int r = 0; r < regions.size(); r++) {
      List<String> cities = regions.get(r).cities();
      for (int i = 0; i < perRegion[r] + 1; i++) {
        String city = cities.get(i % cities.size());
        String name = i < cities.size() ? city : city + " " + (i / cities.size() + 1);
        teams.add(new Team(teams.size() + 1, name, r));
      }
    }
    return List.copyOf(teams);
  }

  /** A team's reps: the initial crew, growth hires, leavers and their replacements, with names and skills. */
  private static List<Rep> staffTeam(
      Team team, int headcount, Timeline t, SplittableRandom rng, Set<String> names, int numbered) {
    List<Month> months = t.months();
    int last = months.size() - 1;
    int initial =
        (int) Math.min(headcount, Math.max(3, Math.round(headcount * DemoProfile.INITIAL_HEADCOUNT_SHARE)));
    List<Spell> spells = new ArrayList<>();
    for (int i = 0; i < initial; i++) {
      // Most of the initial crew are seasoned; a few joined shortly before the timeline and are still ramping.
      int daysBefore = rng.nextDouble() < 0.15 ? rng.nextInt(10, 150) : rng.nextInt(180, 2400);
      spells.add(new Spell(t.start().minusDays(daysBefore), null));
    }
    int growth = headcount - initial;
    for (int k = 0; k < growth; k++) {
      int m = 1 + (int) Math.round((k + 1) * (last - 8) / (growth + 1.0));
      spells.add(new Spell(dayInFirstWeeks(months.get(m), rng), null));
    }
    // Replacements (added at the end) stay, so the head count never runs away.
    int planned = spells.size();
    for (int i = 0; i < planned; i++) {
      Spell spell = spells.get(i);
      int startMonth = spell.start().isBefore(t.start()) ? -1 : t.month(spell.start()).no();
      int earliest = Math.max(3, startMonth + 6);
      int latest = last - 4;
      if (rng.nextDouble() < DemoProfile.LEAVE_PROBABILITY && earliest <= latest) {
        Month leave = months.get(rng.nextInt(earliest, latest + 1));
        spells.set(i, new Spell(spell.start(), leave.first().plusDays(rng.nextInt(leave.days()))));
        int replacement = leave.no() + 1 + rng.nextInt(2);
        if (replacement <= last - 1) {
          spells.add(new Spell(dayInFirstWeeks(months.get(replacement), rng), null));
        }
      }
    }
    spells.sort(Comparator.comparing(Spell::start));
    List<Rep> reps = new ArrayList<>();
    for (Spell spell : spells) {
      int region = team.region();
      String first;
      String lastName;
      String full;
      int attempt = 0;
      do {
        first = Names.FIRST.get(region).get(rng.nextInt(Names.FIRST.get(region).size()));
        lastName = Names.LAST.get(region).get(rng.nextInt(Names.LAST.get(region).size()));
        full = first + " " + lastName;
        attempt++;
      } while (names.contains(full) && attempt < 50);
      String email = Names.slug(first) + "." + Names.slug(lastName);
      if (names.contains(full)) {
        // Namesakes exist in real companies too; their addresses still differ.
        full = full + " " + (char) ('A' + numbered % 26) + ".";
        email = email + (numbered + reps.size() + 1);
      }
      names.add(full);
      int ramp = rng.nextInt(DemoProfile.RAMP.minMonths(), DemoProfile.RAMP.maxMonths() + 1);
      reps.add(new Rep(numbered + reps.size() + 1, team.no(), region, full, email + "@" + DemoProfile.EMAIL_DOMAIN,
          spell.start(), spell.end(), ramp, skill(rng, DemoProfile.WIN_SKILL), skill(rng, DemoProfile.SIZE_SKILL),
          skill(rng, DemoProfile.VOLUME_SKILL), shift(rng, DemoProfile.CSAT_SKILL)));
    }
    return reps;
  }

  private static LocalDate dayInFirstWeeks(Month m, SplittableRandom rng) {
    return m.first().plusDays(Math.min(m.days() - 1, rng.nextInt(10)));
  }

  private static double skill(SplittableRandom rng, Spread s) {
    return Math.max(s.min(), Math.min(s.max(), StrictMath.exp(s.sigma() * rng.nextGaussian())));
  }

  private static double shift(SplittableRandom rng, Spread s) {
    return Math.max(s.min(), Math.min(s.max(), s.sigma() * rng.nextGaussian()));
  }

  private static List<RepMonth> repMonths(List<Rep> reps, Timeline t) {
    List<RepMonth> out = new ArrayList<>();
    for (Rep rep : reps) {
      Region region = DemoProfile.REGIONS.get(rep.region());
      for (Month m : t.months()) {
        LocalDate from = rep.startedAt().isAfter(m.first()) ? rep.startedAt() : m.first();
        LocalDate to = rep.endedAt() != null && rep.endedAt().isBefore(m.last()) ? rep.endedAt() : m.last();
        if (from.isAfter(to)) {
          continue;
        }
        LocalDate middle = from.plusDays(ChronoUnit.DAYS.between(from, to) / 2);
        double tenure = ChronoUnit.DAYS.between(rep.startedAt(), middle) / DAYS_PER_MONTH;
        int calendarMonth = m.yearMonth().getMonthValue();
        double season = DemoProfile.SEASONALITY.get(calendarMonth - 1) * (calendarMonth == 7 ? region.julyFactor() : 1.0);
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        double weight = days * DemoProfile.RAMP.volume(tenure, rep.rampMonths()) * rep.volumeSkill() * season * t.trend(m);
        out.add(new RepMonth(rep, m, from, to, tenure, weight));
      }
    }
    return List.copyOf(out);
  }

  /** Splits {@code total} in proportion to {@code weights} into whole numbers that add up exactly (largest remainder). */
  static long[] allocate(double[] weights, long total) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    long[] out = new long[weights.length];
    double[] remainder = new double[weights.length];
    long given = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = sum == 0 ? 0 : weights[i] * total / sum;
      out[i] = (long) Math.floor(exact);
      remainder[i] = exact - out[i];
      given += out[i];
    }
    Integer[] order = new Integer[weights.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Largest remainder first; ties go to the earlier entry, so the split is reproducible.
    Arrays.sort(order, (a, b) -> remainder[a] != remainder[b]
        ? Double.compare(remainder[b], remainder[a])
        : Integer.compare(a, b));
    for (int k = 0; given < total && weights.length > 0; k = (k + 1) % order.length) {
      out[order[k]]++;
      given++;
    }
    return out;
  }

  /**
   * Writes {@code teams} and {@code reps}, and the temp tables the SQL generators read:
   * {@code demo_month}, {@code demo_rep}, {@code demo_plan} (one row per rep-month) and
   * {@code demo_pool} (per team and month, the reps who take over the accounts of reps who left).
   */
  void write(DuckDBConnection c, Timeline t) throws SQLException {
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "teams")) {
      for (Team team : teams) {
        a.beginRow().append(team.id()).append(DemoProfile.SOURCE_SYSTEM).append(team.name())
            .append(DemoProfile.REGIONS.get(team.region()).name()).endRow();
      }
    }
    try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "reps")) {
      for (Rep rep : reps) {
        a.beginRow().append(rep.id()).append(DemoProfile.SOURCE_SYSTEM).append(rep.name()).append(rep.email())
            .append(teams.get(rep.team() - 1).id()).append(rep.startedAt());
        if (rep.endedAt() == null) {
          a.appendNull();
        } else {
          a.append(rep.endedAt());
        }
        a.endRow();
      }
    }
    Sql.exec(c, "CREATE TEMP TABLE demo_month (month_no INTEGER, first_day INTEGER, days INTEGER,"
        + " calendar_month INTEGER, month_start DATE, from_us BIGINT, to_us BIGINT)");
    try (DuckDBAppender a = c.createAppender("temp", "main", "demo_month")) {
      for (Month m : t.months()) {
        a.beginRow().append(m.no()).append((int) m.first().toEpochDay()).append(m.days())
            .append(m.yearMonth().getMonthValue()).append(m.yearMonth().atDay(1))
            .append(Timeline.micros(m.first())).append(Timeline.micros(m.last().plusDays(1))).endRow();
      }
    }
    Sql.exec(c, "CREATE TEMP TABLE demo_rep (rep_no INTEGER, team_no INTEGER, region_no INTEGER,"
        + " started_us BIGINT, ended_us BIGINT, win_skill DOUBLE, csat_skill DOUBLE)");
    try (DuckDBAppender a = c.createAppender("temp", "main", "demo_rep")) {
      for (Rep rep : reps) {
        a.beginRow().append(rep.no()).append(rep.team()).append(rep.region()).append(Timeline.micros(rep.startedAt()));
        if (rep.endedAt() == null) {
          a.appendNull();
        } else {
          a.append(Timeline.micros(rep.endedAt().plusDays(1)));
        }
        a.append(rep.winSkill()).append(rep.csatSkill()).endRow();
      }
    }
    Sql.exec(c, "CREATE TEMP TABLE demo_plan (rep_no INTEGER, team_no INTEGER, region_no INTEGER,"
        + " month_no INTEGER, first_day INTEGER, days INTEGER, n BIGINT, first_deal_no BIGINT,"
        + " win_factor DOUBLE, size_factor DOUBLE)");
    long next = 1;
    try (DuckDBAppender a = c.createAppender("temp", "main", "demo_plan")) {
      for (int i = 0; i < repMonths.size(); i++) {
        RepMonth rm = repMonths.get(i);
        a.beginRow().append(rm.rep().no()).append(rm.rep().team()).append(rm.rep().region()).append(rm.month().no())
            .append((int) rm.from().toEpochDay()).append(rm.days()).append(deals[i]).append(next)
            .append(rm.winFactor()).append(rm.rep().sizeSkill()).endRow();
        next += deals[i];
      }
    }
    writePool(c, t);
  }

  private void writePool(DuckDBConnection c, Timeline t) throws SQLException {
    Sql.exec(c, "CREATE TEMP TABLE demo_pool (team_no INTEGER, month_no INTEGER, idx INTEGER, size INTEGER,"
        + " rep_no INTEGER, from_us BIGINT, to_us BIGINT)");
    List<List<RepMonth>> byMonth = new ArrayList<>();
    for (int i = 0; i < t.months().size(); i++) {
      byMonth.add(new ArrayList<>());
    }
    for (RepMonth rm : repMonths) {
      byMonth.get(rm.month().no()).add(rm);
    }
    try (DuckDBAppender a = c.createAppender("temp", "main", "demo_pool")) {
      for (Team team : teams) {
        for (Month m : t.months()) {
          List<RepMonth> pool = pool(team, m, byMonth.get(m.no()));
          for (int i = 0; i < pool.size(); i++) {
            RepMonth rm = pool.get(i);
            a.beginRow().append(team.no()).append(m.no()).append(i).append(pool.size()).append(rm.rep().no())
                .append(Timeline.micros(rm.from())).append(Timeline.micros(rm.to().plusDays(1))).endRow();
          }
        }
      }
    }
  }

  /**
   * Who takes over a team's accounts in a month: ramped reps working the whole month; failing
   * that, anyone in the team working that month; failing that, anyone in the region, then anyone.
   */
  private static List<RepMonth> pool(Team team, Month m, List<RepMonth> inMonth) {
    List<RepMonth> inTeam = inMonth.stream().filter(rm -> rm.rep().team() == team.no()).toList();
    List<RepMonth> ramped = inTeam.stream().filter(rm -> rm.wholeMonth() && rm.volumeRamp() >= 1.0).toList();
    if (!ramped.isEmpty()) {
      return ramped;
    }
    if (!inTeam.isEmpty()) {
      return inTeam;
    }
    // Accounts stay in their region (and currency) if anyone there is working.
    List<RepMonth> inRegion = inMonth.stream().filter(rm -> rm.rep().region() == team.region()).toList();
    if (!inRegion.isEmpty()) {
      return inRegion;
    }
    if (!inMonth.isEmpty()) {
      return inMonth;
    }
    throw new IllegalStateException("nobody works in " + m.yearMonth());
  }
}
