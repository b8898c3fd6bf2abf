package io.kompass.engine.catalog;

import io.kompass.engine.expr.ExprPrinter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Writes the KPI reference (docs/kpis.md) from the catalog, so the two cannot drift apart. */
public final class CatalogDocs {

  private CatalogDocs() {}

  public static String markdown(Catalog catalog) {
    StringBuilder sb = new StringBuilder();
    sb.append("# KPI reference\n\n");
    sb.append("Generated from the built-in catalog (`kompass-engine/src/main/resources/io/kompass/engine/catalog/builtin/`);")
        .append(" a test fails when this page and the catalog disagree. `kompass kpi show <id>` prints the same for one KPI,")
        .append(" and `kompass catalog docs` prints this page for your own catalog.\n\n");
    sb.append("Every value comes with its numerator and denominator (for ratios), n, a 95 % confidence interval where one applies,")
        .append(" a low-volume flag (n below 30 by default), coverage (rows left out for a missing field) and the formula and")
        .append(" variant that produced it. Money is converted to the workspace currency at the rate in force on each row's")
        .append(" anchor date unless a fixed date is chosen. Days are calendar days in the workspace time zone.\n\n");
    sb.append("| KPI | Swedish name | unit | better | group |\n|---|---|---|---|---|\n");
    for (Kpi k : catalog.kpis()) {
      sb.append("| [").append(k.name().en()).append("](#").append(k.id()).append(") `").append(k.id()).append("` | ")
          .append(k.name().sv()).append(" | ").append(lower(k.unit())).append(" | ").append(lower(k.direction())).append(" | ")
          .append(k.group()).append(" |\n");
    }
    for (Kpi k : catalog.kpis()) {
      sb.append("\n<a id=\"").append(k.id()).append("\"></a>\n## ").append(k.name().en()).append(" — ").append(k.name().sv()).append("\n\n");
      sb.append(k.description().en()).append(" *").append(k.description().sv()).append("*\n\n");
      sb.append("- id: `").append(k.id()).append("`; unit: ").append(lower(k.unit())).append("; ")
          .append(k.direction() == Direction.NEUTRAL ? "neither higher nor lower is better in itself" : lower(k.direction()) + " is better")
          .append("; confidence interval: ").append(ciText(k.ci())).append('\n');
      sb.append("- formula: ").append(k.formula().en()).append('\n');
      sb.append("- formel: ").append(k.formula().sv()).append('\n');
      String anchors = anchors(k);
      if (!anchors.isEmpty()) {
        sb.append("- anchor date: ").append(anchors).append('\n');
      }
      if (k.cohort()) {
        sb.append("- cohort: a period's value keeps changing after the period ends, so dashboards say that a period is still settling")
            .append(" and do not judge its change until it ended ")
            .append(k.params().containsKey("window_days") ? "`window_days` days ago, or " + k.settlesAfterDays() + " days ago when no window is set"
                : k.settlesAfterDays() + " days ago")
            .append(" (`settles_after_days`)\n");
      }
      if (k.wholePeriods()) {
        sb.append("- whole periods: its parts are booked at different times within a period (costs as monthly totals), so dashboards")
            .append(" do not judge a period still running (`whole_periods`)\n");
      }
      sb.append("- dimensions: ").append(String.join(", ", catalog.dimensionsOf(k.id()))).append('\n');
      if (!k.terms().isEmpty()) {
        sb.append("- terms:\n");
        for (Kpi.Term t : k.terms().values()) {
          sb.append("  - `").append(t.name()).append("`: ").append(termText(t)).append('\n');
        }
      }
      if (!k.components().isEmpty()) {
        sb.append("- combines: ").append(k.components().values().stream()
            .map(c -> "`" + c.alias() + "` = `" + c.kpi() + "`" + (c.windowMonths() == null ? "" : " over the trailing " + c.windowMonths() + " months"))
            .collect(Collectors.joining(", "))).append('\n');
      }
      if (!k.params().isEmpty()) {
        sb.append("- parameters:\n");
        for (Kpi.Param p : k.params().values()) {
          sb.append("  - `").append(p.name()).append("` (").append(p.type()).append(", default ").append(p.defaultValue() == null ? "none" : p.defaultValue())
              .append(p.allowed().isEmpty() ? "" : ", one or more of " + String.join(", ", p.allowed())).append("): ").append(p.description().en())
              .append('\n');
        }
      }
      if (!k.variants().isEmpty()) {
        sb.append("\n| variant | | formula |\n|---|---|---|\n");
        sb.append("| `default` | | ").append(k.formula().en()).append(" |\n");
        for (Kpi.Variant v : k.variants().values()) {
          boolean cohort = catalog.resolve(k.id(), List.of(v.id()), java.util.Map.of()).cohort();
          sb.append("| `").append(v.id()).append("` | ").append(v.label().en()).append(" / ").append(v.label().sv())
              .append(cohort == k.cohort() ? "" : cohort ? " (a cohort)" : " (not a cohort)").append(" | ")
              .append(v.formula().en().isBlank() ? "" : v.formula().en()).append(" |\n");
        }
      }
      Kpi.Guidance g = k.guidance();
      sb.append("\n**Why it matters.** ").append(g.why().en()).append("\n\n");
      sb.append("**Pitfalls.** ").append(g.pitfalls().en()).append("\n\n");
      sb.append("**Read it with** ").append(g.readWith().stream().map(id -> "[`" + id + "`](#" + id + ")").collect(Collectors.joining(", ")))
          .append(". ").append(g.readWithWhy().en()).append("\n\n");
      sb.append("**When it moves the wrong way.** ").append(g.remedies().en()).append('\n');
    }
    return sb.toString();
  }

  private static String anchors(Kpi k) {
    List<String> out = k.terms().values().stream()
        .map(t -> t.pointInTime() ? "end of the period (from stage history)" : "`" + t.fact() + "." + ExprPrinter.print(t.anchor()) + "`")
        .distinct().toList();
    return String.join(", ", out);
  }

  private static String termText(Kpi.Term t) {
    StringBuilder sb = new StringBuilder(t.agg());
    if (t.agg().equals("percentile")) {
      sb.append(' ').append(t.p());
    }
    sb.append(" of ").append(t.expr() == null ? "rows" : "`" + ExprPrinter.print(t.expr()) + "`").append(" in `").append(t.fact()).append('`');
    if (t.filter() != null) {
      sb.append(" where `").append(ExprPrinter.print(t.filter())).append('`');
    }
    if (t.state() != null) {
      sb.append(", deals in state `").append(ExprPrinter.print(t.state())).append("` at period end");
    }
    if (t.windowMonths() != null) {
      sb.append(", over the trailing ").append(t.windowMonths()).append(" months");
    }
    if (t.shift() == 1) {
      sb.append(", of the previous period");
    } else if (t.shift() == -1) {
      sb.append(", of the next period");
    }
    return sb.toString();
  }

  private static String ciText(CiMethod ci) {
    return switch (ci) {
      case WILSON -> "Wilson score (proportion)";
      case MEAN -> "Student t (mean)";
      case QUANTILE -> "order statistics (median/percentile)";
      case NPS -> "normal interval of the NPS difference";
      case NONE -> "none (a total or a ratio of totals)";
    };
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
