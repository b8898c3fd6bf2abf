package io.kompass.engine.ingest;

import java.util.List;

/**
 * The exports Kompass recognises by their header: mapping files shipped in the jar under
 * {@code io/kompass/engine/ingest/presets}. The most specific match wins (most matched headers).
 */
final class Presets {
  private Presets() {}

  static final List<String> IDS =
      List.of(
          "hubspot-deals", "hubspot-contacts", "hubspot-companies",
          "salesforce-opportunity-report", "salesforce-opportunity", "salesforce-opportunity-history",
          "salesforce-lead", "salesforce-account", "salesforce-task", "salesforce-event", "salesforce-user",
          "pipedrive-deals", "pipedrive-persons", "pipedrive-organizations", "pipedrive-activities",
          "zoho-deals", "zoho-contacts", "zoho-accounts");

  private static volatile List<Mapping> all;

  static List<Mapping> all() {
    if (all == null) {
      all = IDS.stream().map(Mapping::preset).toList();
    }
    return all;
  }

  /** The preset whose {@code match} headers are all in the header, the one with the most of them; or {@code null}. */
  static Mapping detect(List<String> header) {
    Mapping best = null;
    for (Mapping m : all()) {
      boolean matches = !m.match().isEmpty();
      for (String h : m.match()) {
        if (Headers.find(header, List.of(h.split("\\|"))) == null) {
          matches = false;
          break;
        }
      }
      if (matches && (best == null || m.match().size() > best.match().size())) {
        best = m;
      }
    }
    return best;
  }
}
