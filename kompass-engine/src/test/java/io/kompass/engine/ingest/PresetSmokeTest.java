package io.kompass.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompass.engine.Progress;
import io.kompass.engine.workspace.Settings;
import io.kompass.engine.workspace.Workspace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped preset recognises a typical export of its kind (headers from docs/connectors.md) and loads it whole. */
class PresetSmokeTest {

  @TempDir Path dir;

  static Stream<Arguments> exports() {
    return Stream.of(
        Arguments.of("hubspot-contacts", "contacts.csv", "Record ID,First Name,Last Name,Email,Contact owner,Lifecycle Stage,Create Date,Original Source\n"
            + "201,Eva,Lind,eva@x.se,Anna Berg,Customer,2024-01-03 10:00,Organic Search\n", "HubSpot contacts export", "leads", 1),
        Arguments.of("hubspot-companies", "companies.csv", "Record ID,Company name,Company Domain Name,Industry,Create Date\n"
            + "301,Acme Inc,acme.com,Software,2023-05-01 09:00\n", "HubSpot companies export", "accounts", 1),
        Arguments.of("salesforce-lead", "Lead.csv", "Id,FirstName,LastName,Company,Status,LeadSource,IsConverted,ConvertedDate,CreatedDate,OwnerId\n"
            + "00Q1,Eva,Lind,Acme,Closed - Converted,Web,true,2024-02-01,2024-01-05T10:00:00.000Z,005X\n", "Salesforce Lead extract", "leads", 1),
        Arguments.of("salesforce-account", "Account.csv", "Id,Name,Industry,Website,BillingCountry,CreatedDate\n"
            + "001X,Acme,Software,https://www.acme.com/about,Sweden,2023-01-01T00:00:00.000Z\n", "Salesforce Account extract", "accounts", 1),
        Arguments.of("salesforce-task", "Task.csv", "Id,Subject,ActivityDate,Status,TaskSubtype,WhatId,WhoId,OwnerId,CallDurationInSeconds,CreatedDate\n"
            + "00T1,Call Eva,2024-02-02,Completed,Call,,,005X,320,2024-02-02T09:00:00.000Z\n", "Salesforce Task extract", "activities", 1),
        Arguments.of("salesforce-event", "Event.csv", "Id,Subject,StartDateTime,DurationInMinutes,WhatId,WhoId,OwnerId\n"
            + "00U1,Demo,2024-02-03T13:00:00.000Z,45,,,005X\n", "Salesforce Event extract", "activities", 1),
        Arguments.of("pipedrive-persons", "people.csv", "Person - ID,Person - Name,Person - Email,Person - Organization,Person - Owner,Person - Person created\n"
            + "7,Eva Lind,eva@x.se,Acme,Anna Berg,2024-01-15 09:00:00\n", "Pipedrive people export", "leads", 1),
        Arguments.of("pipedrive-organizations", "organizations.csv", "Organization - ID,Organization - Name,Organization - Owner,Organization - Organization created\n"
            + "9,Acme,Anna Berg,2024-01-15 09:00:00\n", "Pipedrive organizations export", "accounts", 1),
        Arguments.of("pipedrive-activities", "activities.csv", "Activity - ID,Activity - Subject,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Duration,Activity - Assigned to user\n"
            + "11,Call Eva,Call,2024-02-02,10:30,Done,00:15,Anna Berg\n", "Pipedrive activities export", "activities", 1),
        Arguments.of("zoho-contacts", "Contacts_2026_05_28.csv", "Record Id,Contact Owner.id,Contact Owner,Lead Source,First Name,Last Name,Account Name.id,Account Name,Email,Created Time\n"
            + "zcrm_1,zcrm_9,Anna Berg,Web,Eva,Lind,zcrm_5,Acme,eva@x.se,2024-01-15 09:00:00\n", "Zoho CRM contacts export", "leads", 1),
        Arguments.of("zoho-accounts", "Accounts_2026_05_28.csv", "Record Id,Account Owner.id,Account Owner,Account Name,Website,Industry,Created Time\n"
            + "zcrm_5,zcrm_9,Anna Berg,Acme,www.acme.com,Software,2024-01-15 09:00:00\n", "Zoho CRM accounts export", "accounts", 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exports")
  void recognisesAndLoads(String preset, String file, String text, String kind, String table, long rows) throws Exception {
    Path p = dir.resolve(file);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    try (Workspace ws = Workspace.openInMemory("smoke-" + preset, new Settings("EUR", ZoneId.of("UTC")))) {
      ImportReport r = new CanonicalImport(ws, ImportOptions.defaults(LocalDateTime.of(2025, 1, 1, 0, 0)), Progress.NONE).run(List.of(p));
      FileReport main = r.files().stream().filter(f -> f.table().equals(table)).reduce((a, b) -> b).orElseThrow();
      assertThat(main.kind()).isEqualTo(kind);
      assertThat(r.quarantined()).as(r.files().toString()).isZero();
      assertThat(main.loaded()).isEqualTo(rows);
    }
  }
}
