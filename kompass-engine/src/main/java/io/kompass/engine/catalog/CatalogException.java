package io.kompass.engine.catalog;

import java.util.List;
import java.util.stream.Collectors;

/** Catalog mistakes found while loading or validating; the message lists them as file:line: message. */
public class CatalogException extends RuntimeException {
  private final List<Problem> problems;

  public CatalogException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
