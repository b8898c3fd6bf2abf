package io.kompass.engine.catalog;

/** How a KPI value is measured and shown. */
public enum Unit {
  /** A share between 0 and 1, shown as a percentage. */
  RATIO,
  /** An amount of money in the workspace currency. */
  MONEY,
  DAYS,
  SECONDS,
  COUNT,
  /** A plain number, e.g. contacts per closed deal or the LTV:CAC multiple. */
  NUMBER,
  /** A score such as NPS (-100 to 100). */
  SCORE
}
