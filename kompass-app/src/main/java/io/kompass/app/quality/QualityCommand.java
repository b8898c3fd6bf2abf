package io.kompass.app.quality;

import io.kompass.app.Kompass;
import io.kompass.app.OutputFormat;
import io.kompass.engine.ingest.Quality;
import io.kompass.engine.ingest.QuarantineReport;
import io.kompass.engine.ingest.QuarantineReport.Example;
import io.kompass.engine.ingest.QuarantineReport.Group;
import io.kompass.engine.workspace.Workspace;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code kompass quality}: what is in quarantine and why, likely duplicates and anomalies. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Show the rows that imports did not load and why, likely duplicates, and rows that deserve a look.",
    descriptionHeading = "%n",
    description = {
      "Rows that fail a check go to quarantine. They are grouped by table, file, field and problem, with a count"
          + " and example rows: line number in the file, record id, every problem of the row, and the row as read."
          + " Fix the rows in the source files and import them again: fixed rows leave the quarantine.",
      "%nThen, per source system and rule: likely duplicates (the same id twice in a file; accounts with the same"
          + " normalised name or domain; leads with the same e-mail; reps with the same name) and anomalies that"
          + " loaded but deserve a look (closed before the first contact, amounts far outside the usual range, dates"
          + " in the future, deals without an owner)."
    },
    optionListHeading = "%nOptions:%n")
public class QualityCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Spec CommandSpec spec;

  private int examples;

  @Option(names = "--examples", paramLabel = "<n>", defaultValue = "3", description = "Example rows per group. Default: ${DEFAULT-VALUE}.")
  void examples(int n) {
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--examples': " + n + " (give 1 or more)");
    }
    examples = n;
  }

  @Option(names = "--format", paramLabel = "<format>", defaultValue = "table", description = "table or json. Default: ${DEFAULT-VALUE}.")
  OutputFormat format;

  /** The quarantine and the findings as JSON. */
  record Quarantine(long rows, List<Group> groups, List<Quality.Finding> findings) {}

  @Override
  public Integer call() {
    List<Group> groups;
    List<Quality.Finding> findings;
    try (Workspace workspace = kompass.openExisting()) {
      groups = QuarantineReport.groups(workspace, examples);
      findings = Quality.findings(workspace, examples, LocalDateTime.now(workspace.settings().timeZone()), kompass.catalog());
    }
    long rows = groups.stream().mapToLong(Group::rows).sum();
    if (format == OutputFormat.json) {
      kompass.printJson(new Quarantine(rows, groups, findings));
      return Kompass.OK;
    }
    PrintWriter out = kompass.out();
    if (groups.isEmpty()) {
      out.println("Nothing in quarantine.");
      printFindings(out, findings);
      out.flush();
      return Kompass.OK;
    }
    out.println(rows(rows) + " in quarantine, in " + groups.size() + (groups.size() == 1 ? " group." : " groups."));
    for (Group g : groups) {
      out.println();
      String field = "(row)".equals(g.field()) ? "whole row" : "field " + g.field();
      out.println(g.file() + " " + kompass.arrow() + " " + g.table() + ", " + field + ": " + rows(g.rows()));
      out.println("  " + g.problem());
      for (Example e : g.examples()) {
        out.println("  line " + e.line() + " (import #" + e.importId() + ")" + (e.recordId() == null ? "" : ", id " + e.recordId()) + ": "
            + e.problems());
        if (e.raw() != null) {
          out.println("    " + e.raw());
        }
      }
    }
    out.println();
    out.println("Fix these rows in the source files and import them again: fixed rows leave the quarantine.");
    printFindings(out, findings);
    out.flush();
    return Kompass.OK;
  }

  /** Duplicates and anomalies, per source and rule; one line when there are none. */
  private void printFindings(PrintWriter out, List<Quality.Finding> findings) {
    out.println();
    if (findings.isEmpty()) {
      out.println("No likely duplicates or anomalies among the loaded rows.");
      return;
    }
    for (String kind : List.of("duplicate", "anomaly")) {
      List<Quality.Finding> of = findings.stream().filter(f -> f.kind().equals(kind)).toList();
      if (of.isEmpty()) {
        continue;
      }
      out.println(kind.equals("duplicate") ? "Likely duplicates:" : "Loaded, but worth a look:");
      for (Quality.Finding f : of) {
        out.println("  " + f.source() + " " + kompass.arrow() + " " + f.table() + ", " + f.rule() + ": " + rows(f.rows()));
        out.println("    " + f.explanation());
        for (String e : f.examples()) {
          out.println("    " + e);
        }
      }
    }
  }

  private static String rows(long n) {
    return String.format(Locale.ROOT, "%,d", n) + (n == 1 ? " row" : " rows");
  }
}
