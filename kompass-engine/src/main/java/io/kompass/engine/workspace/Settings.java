package io.kompass.engine.workspace;

import java.time.ZoneId;

/**
 * Workspace-wide settings fixed when the workspace is created.
 *
 * @param currency the workspace currency all money is reported in (ISO 4217)
 * @param timeZone the zone whose calendar days and months KPIs are counted in; timestamps with
 *     an offset are converted to it on import
 */
public record Settings(String currency, ZoneId timeZone) {
  public static final Settings DEFAULT = new Settings("EUR", ZoneId.of("Europe/Stockholm"));

  public Settings {
    if (currency == null || !currency.matches("[A-Z]{3}")) {
      throw new WorkspaceException("workspace currency must be a 3-letter ISO code such as EUR, got " + currency);
    }
  }
}
