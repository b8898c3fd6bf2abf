package io.kompass.engine.ingest;

import java.util.List;

/**
 * How the dates and numbers of one source are written, when they are not in the canonical form.
 *
 * @param order the day/month order of dates: {@code ymd}, {@code dmy} or {@code mdy}, or {@code null} for the canonical
 *     ISO form only
 * @param dates the strptime formats tried after ISO, or {@code null} for the canonical form only
 * @param decimal the decimal separator ({@code '.'} or {@code ','}), or {@code null} for canonical numbers
 */
record Formats(String order, List<String> dates, Character decimal) {

  /** Canonical files: ISO dates, plain numbers, and the messages that say so. */
  static final Formats CANONICAL = new Formats(null, null, null);

  static Formats of(String order, Character decimal) {
    return new Formats(order, formatsFor(order), decimal);
  }

  /** With the formats given in a mapping file instead of a day/month order. */
  static Formats explicit(List<String> dates, Character decimal) {
    return new Formats("custom", List.copyOf(dates), decimal);
  }

  String dateLabel() {
    return switch (order) {
      case "dmy" -> "write YYYY-MM-DD or day-first DD/MM/YYYY, DD.MM.YYYY or DD-MM-YYYY, optionally with HH:MM[:SS]; read as day-first";
      case "mdy" -> "write YYYY-MM-DD or month-first MM/DD/YYYY, optionally with HH:MM[:SS] or h:mm AM/PM; read as month-first";
      case "ymd" -> "write YYYY-MM-DD or YYYY/MM/DD, optionally with HH:MM[:SS]";
      default -> "expected " + String.join(" or ", dates);
    };
  }

  String numberLabel() {
    return decimal == ','
        ? "write 1234,50 or 1.234,50 or 1 234,50; read with a decimal comma"
        : "write 1234.50 or 1,234.50; read with a decimal point";
  }

  /** The strptime formats of a day/month order, most specific first. */
  static List<String> formatsFor(String order) {
    List<String> days =
        switch (order) {
          // Two-digit years first: %Y also reads "24" (as the year 24), while %y does not read "2024" whole.
          case "dmy" -> List.of("%d/%m/%y", "%d.%m.%y", "%d-%m-%y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y");
          case "mdy" -> List.of("%m/%d/%y", "%m-%d-%y", "%m.%d.%y", "%m/%d/%Y", "%m-%d-%Y", "%m.%d.%Y");
          case "ymd" -> List.of("%Y/%m/%d", "%Y.%m.%d", "%Y%m%d");
          default -> throw new IllegalArgumentException("unknown date order " + order);
        };
    List<String> times = List.of(" %H:%M:%S", " %H:%M", " %I:%M:%S %p", " %I:%M %p", "T%H:%M:%S", "");
    List<String> out = new java.util.ArrayList<>();
    for (String d : days) {
      for (String t : times) {
        out.add(d + t);
      }
    }
    return List.copyOf(out);
  }
}
