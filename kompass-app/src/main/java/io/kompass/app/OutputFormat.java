package io.kompass.app;

/** How a command prints what it reports. The constants are named as they are typed on the command line. */
public enum OutputFormat {
  /** Aligned text for people. */
  table,
  /** JSON for scripts, in the same shape as the REST API. */
  json
}
