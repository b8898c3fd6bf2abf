package io.kompass.engine.catalog;

/** A dimension results can be grouped and filtered by (rep, team, region, ...). */
public record Dimension(String id, Text name) {}
