package io.kompass.engine.run;

import io.kompass.engine.Progress;
import io.kompass.engine.ingest.CanonicalImport;
import io.kompass.engine.ingest.ImportOptions;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * A tiny company whose every KPI value can be worked out by hand. Money is in EUR with some SEK
 * (1 SEK = 0.10 EUR from 2024-01-01, 0.08 EUR from 2024-03-01). The workspace zone is
 * Europe/Stockholm. The expected values are derived in the comments of the tests that use it.
 */
public final class SmallCompany {

  public static Workspace create(Path dir, String name) {
    Workspace ws = Workspace.openInMemory(name, new Settings("EUR", ZoneId.of("Europe/Stockholm")));
    write(dir, "currency_rates.csv", "rate_date,currency,rate", "2024-01-01,SEK,0.10", "2024-03-01,SEK,0.08");
    write(dir, "teams.csv", "id,name,region", "T1,Nordics,North", "T2,DACH,Central");
    write(dir, "reps.csv", "id,name,team_id,started_at",
        "R1,Anna,T1,2024-01-01", "R2,Bo,T1,2024-03-01", "R3,Carl,T2,2024-02-01");
    write(dir, "pipeline_stages.csv", "pipeline,stage,position,status,qualified",
        "default,Discovery,1,open,false", "default,Proposal,2,open,true", "default,Won,3,won,true", "default,Lost,4,lost,false");
    write(dir, "accounts.csv", "id,name,segment,channel",
        "A1,Acme,SMB,web", "A2,Beta,SMB,referral", "A3,Gamma,Enterprise,web", "A4,Delta,Enterprise,referral");
    write(dir, "leads.csv", "id,created_at,channel,owner_id,lost_at,converted_at",
        "L1,2024-01-02,web,R1,,2024-01-05",
        "L2,2024-01-08,referral,R1,,2024-01-10",
        "L3,2024-02-01,referral,R3,,2024-02-15",
        "L4,2024-02-03,web,R3,2024-02-20,",
        "L5,2024-02-10,web,R2,2024-03-02,",
        "L6,2024-03-01,referral,R2,,");
    write(dir, "deals.csv", "id,stage,status,amount,currency,created_at,closed_at,owner_id,account_id,lead_id,product",
        "D1,Won,won,1000,EUR,2024-01-05,2024-01-20,R1,A1,L1,Basic",
        "D2,Lost,lost,500,EUR,2024-01-10,2024-02-10,R1,A2,L2,Basic",
        "D3,Won,won,2000,SEK,2024-02-01,2024-03-05,R2,A3,,Pro",
        "D4,Won,won,3000,EUR,2024-02-15,2024-02-25,R3,A4,L3,Pro",
        "D5,Proposal,open,400,EUR,2024-02-20,,R3,,,Basic",
        "D6,Won,won,,,2024-03-01,2024-03-10,R1,,,Basic",
        "D7,Proposal,open,700,EUR,2024-01-03,,R2,,,Pro",
        "D8,Lost,lost,100,EUR,2024-01-20,2024-01-31T23:30:00Z,R3,,,Basic");
    // D7 was worth 6000 SEK when it entered Proposal in January; its later rows have the deal's amount (700 EUR).
    write(dir, "deal_stage_history.csv", "deal_id,stage,entered_at,amount,currency",
        "D1,Discovery,2024-01-05,,", "D1,Proposal,2024-01-12,,", "D1,Won,2024-01-20,,",
        "D2,Discovery,2024-01-10,,", "D2,Proposal,2024-01-20,,", "D2,Lost,2024-02-10,,",
        "D4,Discovery,2024-02-15,,", "D4,Won,2024-02-25,,",
        "D5,Discovery,2024-02-20,,", "D5,Proposal,2024-03-15,,",
        "D7,Discovery,2024-01-03,,", "D7,Proposal,2024-01-15,6000,SEK", "D7,Lost,2024-02-05,,", "D7,Proposal,2024-03-20,,",
        "D8,Discovery,2024-01-20,,", "D8,Lost,2024-01-31T23:30:00Z,,");
    write(dir, "activities.csv", "id,type,occurred_at,done,duration_seconds,deal_id,rep_id",
        "X1,call,2024-01-06,true,300,D1,R1",
        "X2,call,2024-01-10,true,600,D1,R1",
        "X3,call,2024-01-15,false,,D1,R1",
        "X4,meeting,2024-01-16,true,3600,D1,R1",
        "X5,email,2024-02-16,true,,D4,R3",
        "X6,email,2024-02-17,true,,D4,R3",
        "X7,task,2024-02-18,true,,D4,R3",
        "X8,call,2024-02-10,true,120,D3,R2");
    write(dir, "orders.csv", "id,account_id,ordered_at,amount,gross_amount,currency",
        "O1,A1,2024-02-10,100,120,EUR", "O2,A4,2024-03-05,50,,EUR");
    write(dir, "costs.csv", "id,incurred_on,category,channel,amount,currency",
        "C1,2024-01-15,marketing,web,1000,EUR", "C2,2024-01-31,sales,,500,EUR", "C3,2024-01-31,tools,,300,EUR",
        "C4,2024-02-15,marketing,referral,2000,SEK");
    write(dir, "survey_responses.csv", "id,kind,score,responded_at",
        "S1,csat,5,2024-01-10", "S2,csat,4,2024-01-11", "S3,csat,2,2024-01-12",
        "S4,nps,10,2024-02-01", "S5,nps,9,2024-02-02", "S6,nps,7,2024-02-03", "S7,nps,3,2024-02-04", "S8,nps,0,2024-02-05",
        "S9,nps,10,2024-03-01", "S10,nps,10,2024-03-02", "S11,nps,8,2024-03-03");
    write(dir, "targets.csv", "id,kpi,rep_id,period_start,period_end,value",
        "G1,revenue,,2024-02-01,2024-02-29,600", "G2,revenue,,2024-03-01,2024-03-31,2400", "G3,revenue,,2024-04-01,2024-04-30,1100",
        // Monthly quotas of the reps (in EUR, the workspace currency).
        "G4,revenue,R1,2024-01-01,2024-01-31,1500", "G5,revenue,R1,2024-02-01,2024-02-29,500", "G6,revenue,R1,2024-03-01,2024-03-31,800",
        "G7,revenue,R2,2024-03-01,2024-03-31,200", "G8,revenue,R2,2024-04-01,2024-04-30,100",
        "G9,revenue,R3,2024-02-01,2024-02-29,2500");
    ImportReport report = new CanonicalImport(ws, new ImportOptions("test", LocalDateTime.of(2024, 6, 1, 0, 0)), Progress.NONE).run(List.of(dir));
    if (report.quarantined() != 0) {
      throw new IllegalStateException("the small company has bad rows: " + report);
    }
    return ws;
  }

  private static void write(Path dir, String name, String... lines) {
    try {
      Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private SmallCompany() {}
}
