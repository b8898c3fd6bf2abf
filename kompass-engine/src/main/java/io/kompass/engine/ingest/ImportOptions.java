package io.kompass.engine.ingest;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How to import a batch.
 *
 * @param sourceSystem the name recorded as each row's source system when the file has no
 *     {@code source_system} column, e.g. {@code csv} or {@code hubspot}
 * @param observedAt the workspace-local time recorded for stage changes noticed between imports
 * @param sourceGiven whether {@code sourceSystem} was chosen by the user; otherwise a recognised
 *     export or a mapping file names its own source system
 * @param mapping a mapping file for files in other shapes, or {@code null}
 * @param dryRun check and map everything, then save nothing
 * @param dates day/month order of dates in exports and mapped files: auto, dmy, mdy or ymd
 * @param decimal decimal separator of numbers in exports and mapped files: auto, point or comma
 * @param stages stage name to status (open, won, lost), overriding the vendor's defaults
 * @param complete whether the deal files are full exports: stored deals of their source system they lack are removed
 */
public record ImportOptions(
    String sourceSystem,
    LocalDateTime observedAt,
    boolean sourceGiven,
    Path mapping,
    boolean dryRun,
    String dates,
    String decimal,
    Map<String, String> stages,
    boolean complete) {

  public ImportOptions {
    stages = Map.copyOf(stages);
    dates = dates.toLowerCase(Locale.ROOT);
    decimal = decimal.toLowerCase(Locale.ROOT);
    if (!Mapping.DATE_ORDERS.contains(dates)) {
      throw new IllegalArgumentException("dates must be one of auto, dmy, mdy, ymd: " + dates);
    }
    if (!Mapping.DECIMALS.contains(decimal)) {
      throw new IllegalArgumentException("decimal must be one of auto, point, comma: " + decimal);
    }
  }

  public ImportOptions(String sourceSystem, LocalDateTime observedAt) {
    this(sourceSystem, observedAt, false, null, false, "auto", "auto", Map.of(), false);
  }

  public static ImportOptions defaults(LocalDateTime now) {
    return new ImportOptions("csv", now);
  }

  public ImportOptions withSource(String source) {
    return new ImportOptions(source, observedAt, true, mapping, dryRun, dates, decimal, stages, complete);
  }

  public ImportOptions withMapping(Path file) {
    return new ImportOptions(sourceSystem, observedAt, sourceGiven, file, dryRun, dates, decimal, stages, complete);
  }

  public ImportOptions withDryRun(boolean dry) {
    return new ImportOptions(sourceSystem, observedAt, sourceGiven, mapping, dry, dates, decimal, stages, complete);
  }

  public ImportOptions withLocale(String dateOrder, String decimalSeparator) {
    return new ImportOptions(sourceSystem, observedAt, sourceGiven, mapping, dryRun, dateOrder, decimalSeparator, stages, complete);
  }

  /** Adds stage overrides, e.g. {@code "Verbal yes" -> "won"}. */
  public ImportOptions withStages(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>(stages);
    all.putAll(overrides);
    return new ImportOptions(sourceSystem, observedAt, sourceGiven, mapping, dryRun, dates, decimal, all, complete);
  }

  /**
   * Whether the deal files hold every deal of their source system (a full export): stored deals of that system that
   * they lack were deleted in the CRM, and are removed with their stage history.
   */
  public ImportOptions withComplete(boolean all) {
    return new ImportOptions(sourceSystem, observedAt, sourceGiven, mapping, dryRun, dates, decimal, stages, all);
  }
}
