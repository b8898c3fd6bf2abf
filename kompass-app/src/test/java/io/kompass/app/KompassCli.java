package io.kompass.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs {@code kompass} commands in this JVM with captured output, as a user would type them. */
public final class KompassCli {

  /** What a command printed and returned. */
  public record Result(int exitCode, String out, String err, Kompass kompass) {
    public List<String> outLines() {
      return out.lines().toList();
    }

    public List<String> errLines() {
      return err.lines().toList();
    }
  }

  private KompassCli() {}

  public static Result run(String... args) {
    return run(Map.of(), args);
  }

  public static Result run(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Kompass kompass = new Kompass(environment, false);
    int code = kompass.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Result(code, out.toString(), err.toString(), kompass);
  }

  /**
   * Writes a small canonical export: one team, two reps, two accounts and three deals, of which
   * the deal on line 3 has an amount that is not a number.
   */
  public static Path writeSmallExport(Path folder) throws IOException {
    Files.createDirectories(folder);
    write(folder.resolve("teams.csv"), "id,name,region", "T1,Nordics,North");
    write(folder.resolve("reps.csv"), "id,name,team_id,started_at", "R1,Anna Berg,T1,2023-01-10", "R2,Jonas Ek,T1,2024-03-01");
    write(folder.resolve("accounts.csv"), "id,name,segment,notes", "A1,Acme AB,SMB,key account", "A2,Globex GmbH,Enterprise,");
    write(folder.resolve("deals.csv"),
        "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id",
        "D1,Won,won,1000,EUR,2024-02-01,2024-03-15,R1,A1",
        "D2,Won,won,12abc,EUR,2024-02-01,2024-03-15,R1,A1",
        "D3,Proposal,open,500,SEK,2024-05-01,,R2,A2");
    write(folder.resolve("currency_rates.csv"), "rate_date,currency,rate", "2024-01-01,SEK,0.09");
    return folder;
  }

  public static void write(Path file, String... lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}
