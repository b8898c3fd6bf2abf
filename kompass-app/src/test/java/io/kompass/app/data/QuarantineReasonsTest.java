package io.kompass.app.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.RowRule;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.support.ResourceBundleMessageSource;

/** Every reason an import gives is said in Swedish on the Data page, and exactly as written in English. */
class QuarantineReasonsTest {

  static final Locale SV = Locale.forLanguageTag("sv");

  @TempDir Path dir;

  static ResourceBundleMessageSource messages() {
    ResourceBundleMessageSource m = new ResourceBundleMessageSource();
    m.setBasename("messages");
    m.setDefaultEncoding("UTF-8");
    m.setFallbackToSystemLocale(false);
    return m;
  }

  void write(String name, String... lines) throws Exception {
    Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void everyReasonOfBadCanonicalFilesAndAMessyExportIsTranslatedAndEnglishStaysAsWritten() throws Exception {
    write("currency_rates.csv", "rate_date,currency,rate", "2024-01-01,SEK,0.09", "2024-01-01,EUR,1", "2024-02-01,NOK,x",
        "2024-03-01,NOK,0", "2024-04-01,EURO,0.1");
    write("teams.csv", "id,name,region", "T1,Nordics,North");
    write("reps.csv", "id,name,team_id,started_at,ended_at", "R1,Anna,T1,2023-01-10,", "R2,Jonas,T9,2023-01-10,", "R3,Eva,T1,2023-05-01,2023-01-01");
    write("accounts.csv", "id,name", "A1,Acme AB");
    write("leads.csv", "id,created_at,status,converted_at", "L1,2024-02-01,converted,2024-01-01", "L2,2024-02-01,sold,");
    write("deals.csv",
        "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id",
        "D1,Won,won,12abc,EUR,2024-02-01,2024-03-15,R1,A1",
        "D2,Won,won,100,EUR,2024-13-45,2024-03-15,R1,A1",
        "D3,Won,won,100,EUR,,2024-03-15,R1,A1",
        "D4,Won,won,100,XYZ,2024-02-01,2024-03-15,R1,A1",
        "D5,Won,won,100,EUR,2024-02-01,2024-03-15,R9,A1",
        "D6,Won,won,100,EUR,2024-02-01,2024-01-15,R1,A1",
        "D7,Won,won,-5,EUR,2024-02-01,2024-03-15,R1,A1",
        "D8,Won,won,100,EUR,2024-02-01,2024-03-15,R1,A1",
        "D8,Won,won,200,EUR,2024-02-01,2024-03-15,R1,A1",
        "D9,Won,won,100,EUR,2024-02-01,,R1,A1",
        "D10,Open,open,100,EUR,2024-02-01,2024-03-15,R1,A1",
        "D11,Won,won,100,,2024-02-01,2024-03-15,R1,A1",
        "D12,Won,won,100,EUR,2024-02-01,2024-03-15,R1,A1,extra",
        "D13,Won,won,100,EUR,24-01-13,2024-03-15,R1,A1");
    write("activities.csv", "id,type,occurred_at,done,duration_seconds,deal_id", "X1,call,2024-02-01,maybe,60,D1", "X2,call,2024-02-01,true,1.5,",
        "X3,call,2024-02-01,true,60,D404", "X4,call,2024-02-01,true,60,D2");
    write("costs.csv", "id,incurred_on,category,amount,currency", "C1,2024-02-30,marketing,100,EUR");
    write("survey_responses.csv", "id,kind,score,responded_at", "S1,nps,11,2024-02-01", "S2,csat,0,2024-02-01", "S3,csat,1,2024-02-01");
    write("targets.csv", "id,kpi,period_start,period_end,value", "G1,revenue,2024-02-01,2024-01-01,100", "G2,revenue,2024-01-01,2024-01-31,x");
    try (Workspace ws = Workspace.openInMemory("reasons", new Settings("EUR", ZoneId.of("Europe/Stockholm")))) {
      ImportOptions options = new ImportOptions("csv", LocalDateTime.of(2025, 6, 1, 12, 0));
      new CanonicalImport(ws, options, Progress.NONE).run(List.of(dir));
      new CanonicalImport(ws, options, Progress.NONE).run(List.of(Path.of("../examples/messy/pipedrive-deals-export.csv")));

      List<String> reasons = new ArrayList<>();
      List<String> fields = new ArrayList<>();
      try (Connection c = ws.connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT DISTINCT reason, field FROM quarantine ORDER BY reason")) {
        while (rs.next()) {
          reasons.add(rs.getString(1));
          fields.add(rs.getString(2));
        }
      }
      QuarantineReasons english = new QuarantineReasons(messages(), Locale.ENGLISH);
      QuarantineReasons swedish = new QuarantineReasons(messages(), SV);
      assertThat(reasons).hasSizeGreaterThan(25);
      for (String reason : reasons) {
        assertThat(english.text(reason)).as("English").isEqualTo(reason);
        assertThat(swedish.text(reason)).as("Swedish for: " + reason).isNotEqualTo(reason)
            .doesNotContain(" the ", " not ", " or ", " before ", " must ", " write ");
      }
      assertThat(fields).contains((String) null);
      assertThat(swedish.field(null)).isEqualTo("(hela raden)");
      assertThat(swedish.field("amount")).isEqualTo("amount");
    }
  }

  @Test
  void everyRowRuleOfTheModelHasItsOwnWordsInBothLanguages() {
    QuarantineReasons english = new QuarantineReasons(messages(), Locale.ENGLISH);
    QuarantineReasons swedish = new QuarantineReasons(messages(), SV);
    for (var table : CanonicalModel.tables()) {
      for (RowRule rule : CanonicalModel.rowRules(table.name())) {
        String reason = rule.field() + ": " + rule.reason();
        assertThat(english.text(reason)).isEqualTo(reason);
        assertThat(swedish.text(reason)).as(reason).isNotEqualTo(reason).startsWith(rule.field() + ": ");
      }
    }
  }

  @Test
  void aReasonOfAnUnknownKindIsShownAsWritten() {
    QuarantineReasons swedish = new QuarantineReasons(messages(), SV);
    assertThat(swedish.text("Invalid unicode (byte sequence mismatch) detected")).isEqualTo("Invalid unicode (byte sequence mismatch) detected");
    assertThat(swedish.text("amount: something new")).isEqualTo("amount: something new");
    assertThat(swedish.text("amount: negative amount '…'")).isEqualTo("amount: negativt belopp '…'");
    assertThat(swedish.text("owner_id: no rep with id '…' in the workspace or earlier in this import (import reps.csv or the CRM's export of them first, or fix the id)"))
        .isEqualTo("owner_id: ingen säljare med id '…' i arbetsytan eller tidigare i den här importen (importera reps.csv eller CRM:ets export av dem först, eller rätta id:t)");
    // Reasons stored by earlier versions, in their words, still translate.
    assertThat(swedish.text("owner_id: no rep with id '…' in the workspace or earlier in this import (import reps.csv first, or fix the id)"))
        .startsWith("owner_id: ingen säljare med id '…'");
  }
}
