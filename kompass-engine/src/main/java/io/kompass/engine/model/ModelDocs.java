package io.kompass.engine.model;

import java.util.List;
import java.util.Locale;

/** Writes docs/data-model.md from the model, so the documented headers are the ones the importer reads. */
public final class ModelDocs {

  private ModelDocs() {}

  public static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Canonical data model\n\n");
    sb.append("Every source (CSV files, CRM exports, the demo generator) is loaded into these tables. Each row keeps the id it")
        .append(" has in its source system and the name of that system (`source_system`, set per import with `--source`, or by a")
        .append(" `source_system` column). Generated from `CanonicalModel.java`; a test keeps this page and the code in step.\n\n");
    sb.append("Conventions:\n\n");
    sb.append("- The canonical CSV file of a table is named after it (`deals.csv`, or `deals_2025.csv`); its header row names")
        .append(" the columns below, in any order. Extra columns are ignored (and listed by the import).\n");
    sb.append("- Timestamps are stored as wall-clock time in the workspace time zone. Values with an offset (`2025-03-31T23:30:00Z`,")
        .append(" `…+02:00`) are converted to it on import; values without one are taken as workspace time. This is what makes")
        .append(" \"March\" mean March in Stockholm, not in UTC.\n");
    sb.append("- Money columns hold non-negative amounts with two decimals and a currency. KPIs convert them to the workspace")
        .append(" currency with `currency_rates`.\n");
    sb.append("- **Deal stage history** is what makes the pipeline on any past date computable (time travel). Deals imported")
        .append(" without history get one inferred from their dates; stage changes noticed between imports are added.\n\n");
    sb.append("Tables, in import order:\n\n");
    for (Table t : CanonicalModel.tables()) {
      sb.append("- [`").append(t.name()).append("`](#").append(t.name()).append(")\n");
    }
    for (Table t : CanonicalModel.tables()) {
      sb.append("\n<a id=\"").append(t.name()).append("\"></a>\n## ").append(t.name()).append("\n\n").append(t.description()).append("\n\n");
      sb.append("Key: ").append(String.join(" + ", t.key())).append(" (re-importing a row with the same key replaces it). Canonical file: `")
          .append(t.csvFileName()).append("`.\n\n");
      sb.append("| column | type | required | refers to | meaning |\n|---|---|---|---|---|\n");
      for (Column c : t.columns()) {
        sb.append("| `").append(c.name()).append("` | ").append(typeText(c)).append(" | ").append(c.required() ? "yes" : "")
            .append(c.defaultValue() != null ? "default `" + c.defaultValue() + "`" : "").append(" | ")
            .append(c.references() == null ? "" : "`" + c.references() + ".id`").append(" | ").append(c.description()).append(" |\n");
      }
      List<RowRule> rules = CanonicalModel.rowRules(t.name());
      if (!rules.isEmpty()) {
        sb.append("\nRow checks (a failing row is quarantined):\n\n");
        for (RowRule r : rules) {
          sb.append("- `").append(r.field()).append("`: ").append(r.reason()).append('\n');
        }
        List<String> sameDay = t.columns().stream().map(Column::name).filter(n -> CanonicalModel.sameDayAsDate(t.name(), n) != null).toList();
        if (!sameDay.isEmpty()) {
          sb.append("\n").append(sameDay.stream().map(n -> "`" + n + "`").collect(java.util.stream.Collectors.joining(", ")))
              .append(" given as a date alone (or at midnight) on the day of `").append(CanonicalModel.sameDayAsDate(t.name(), sameDay.get(0)))
              .append("`, or on the day before, is not before it: exports often give a close date without a time, in the CRM user's time")
              .append(" zone, and a creation time in UTC. It is stored at that time.\n");
        }
      }
      sb.append("\nHeader:\n\n```\n").append(String.join(",", t.columns().stream().map(Column::name).toList())).append("\n```\n");
    }
    return sb.toString();
  }

  private static String typeText(Column c) {
    return switch (c.type()) {
      case ENUM -> "one of " + String.join(", ", c.allowed());
      case MONEY -> "money";
      case CURRENCY -> "currency code";
      default -> c.type().name().toLowerCase(Locale.ROOT);
    };
  }
}
