package io.kompass.app;

import io.kompass.engine.workspace.Settings;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The settings a new workspace is created with, for the commands that can create one. */
public final class WorkspaceSettingsOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private String currency;
  private ZoneId timeZone;

  @Option(
      names = "--currency",
      paramLabel = "<code>",
      description = "Currency of a new workspace (ISO 4217: EUR, SEK, USD, ...); all money is reported in it."
          + " Fixed when the workspace is created. Default: EUR.")
  void currency(String value) {
    String code = value.trim().toUpperCase(Locale.ROOT);
    if (!code.matches("[A-Z]{3}")) {
      throw new ParameterException(mixee.commandLine(),
          "Invalid value for option '--currency': '" + value + "' is not a 3-letter currency code such as EUR");
    }
    // Any three letters would do for the pattern, but the workspace keeps its currency for good.
    if (java.util.Currency.getAvailableCurrencies().stream().noneMatch(c -> c.getCurrencyCode().equals(code))) {
      throw new ParameterException(mixee.commandLine(),
          "Invalid value for option '--currency': '" + value + "' is not an ISO 4217 currency code (EUR, SEK, USD, ...)");
    }
    currency = code;
  }

  @Option(
      names = "--time-zone",
      paramLabel = "<zone>",
      description = "Time zone of a new workspace (Europe/Stockholm, UTC, ...); days and months are counted in it."
          + " Fixed when the workspace is created. Default: Europe/Stockholm.")
  void timeZone(String value) {
    try {
      timeZone = ZoneId.of(value.trim());
    } catch (DateTimeException e) {
      throw new ParameterException(mixee.commandLine(),
          "Invalid value for option '--time-zone': '" + value + "' is not a time zone such as Europe/Stockholm or UTC");
    }
  }

  public Settings settings() {
    return new Settings(
        currency == null ? Settings.DEFAULT.currency() : currency,
        timeZone == null ? Settings.DEFAULT.timeZone() : timeZone);
  }

  /** Says so when the user asked for settings that an existing workspace does not have. */
  void warnWhenIgnored(Settings actual, String location, PrintWriter err) {
    if (currency != null && !currency.equals(actual.currency())) {
      err.println("Note: --currency " + currency + " is ignored: workspace " + location + " was created with currency "
          + actual.currency() + ", which cannot change.");
    }
    if (timeZone != null && !timeZone.equals(actual.timeZone())) {
      err.println("Note: --time-zone " + timeZone + " is ignored: workspace " + location + " was created with time zone "
          + actual.timeZone() + ", which cannot change.");
    }
    err.flush();
  }
}
