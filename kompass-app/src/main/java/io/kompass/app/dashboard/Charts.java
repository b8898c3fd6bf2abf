package io.kompass.app.dashboard;

import io.kompass.engine.catalog.Unit;
import io.kompass.engine.query.Grain;
import io.kompass.engine.run.Cell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chart data for static/js/kompass.js, embedded in the page as JSON. Every text a chart shows
 * (series names, period labels, formatted values for tooltips) is made here from the message
 * bundles and {@link Format}, so the script holds no words of its own.
 */
public final class Charts {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Charts() {}

  /** JSON that is safe inside a script element (no "</script>" can close it early). */
  public static String script(Object value) {
    return JSON.writeValueAsString(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  /** A value line per period with its 95 % band; {@code kind} is "trend" or "spark". */
  public static Map<String, Object> trend(String kind, List<Cell> cells, Unit unit, Grain grain, Format fmt) {
    Map<String, Object> m = base(kind, unit, fmt);
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Double> lows = new ArrayList<>();
    List<Double> highs = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (Cell c : cells) {
      labels.add(fmt.period(c.period(), grain));
      values.add(scaled(c.value(), unit));
      lows.add(scaled(c.ciLow(), unit));
      highs.add(scaled(c.ciHigh(), unit));
      String text = fmt.value(c.value(), unit);
      String ci = fmt.interval(c.ciLow(), c.ciHigh(), unit);
      shown.add(ci.isEmpty() ? text : text + " (" + ci + ")");
    }
    m.put("labels", labels);
    m.put("values", values);
    m.put("low", lows);
    m.put("high", highs);
    m.put("shown", shown);
    m.put("valueName", fmt.msg("chart.value"));
    m.put("bandName", fmt.msg("chart.band"));
    return m;
  }

  /** Named bars (a breakdown or a funnel), in the order given. */
  public static Map<String, Object> bars(String kind, List<String> names, List<Double> values, Unit unit, Format fmt) {
    Map<String, Object> m = base(kind, unit, fmt);
    m.put("labels", names);
    List<Double> scaled = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    for (Double v : values) {
      scaled.add(scaled(v, unit));
      shown.add(fmt.value(v, unit));
    }
    m.put("values", scaled);
    m.put("shown", shown);
    m.put("valueName", fmt.msg("chart.value"));
    return m;
  }

  /** A rep's line against the team's (or all reps') median with the band between its quartiles. */
  public static Map<String, Object> versus(List<String> labels, List<Double> own, List<Double> q1, List<Double> median, List<Double> q3,
      Unit unit, boolean allReps, Format fmt) {
    Map<String, Object> m = base("versus", unit, fmt);
    m.put("labels", labels);
    m.put("values", own.stream().map(v -> scaled(v, unit)).toList());
    m.put("median", median.stream().map(v -> scaled(v, unit)).toList());
    m.put("low", q1.stream().map(v -> scaled(v, unit)).toList());
    m.put("high", q3.stream().map(v -> scaled(v, unit)).toList());
    m.put("shown", own.stream().map(v -> fmt.value(v, unit)).toList());
    m.put("valueName", fmt.msg("chart.you"));
    m.put("medianName", fmt.msg(allReps ? "chart.allMedian" : "chart.teamMedian"));
    m.put("bandName", fmt.msg(allReps ? "chart.allQuartiles" : "chart.teamQuartiles"));
    return m;
  }

  private static Map<String, Object> base(String kind, Unit unit, Format fmt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("locale", fmt.numberLocale());
    // Ratios are plotted in percent so that axis labels read 30 rather than 0.3.
    m.put("axis", switch (unit) {
      case RATIO -> "percent";
      case MONEY -> "money";
      default -> "number";
    });
    m.put("currency", fmt.currency());
    if (unit == Unit.MONEY) {
      m.put("compact", fmt.compactMoney());
    }
    return m;
  }

  private static Double scaled(Double v, Unit unit) {
    return v == null ? null : unit == Unit.RATIO ? v * 100 : v;
  }
}
