package io.kompass.app.api;

import io.kompass.app.data.ServerImport;
import io.kompass.engine.catalog.Catalog;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.ingest.Quality;
import io.kompass.engine.ingest.QuarantineReport;
import io.kompass.engine.workspace.Workspace;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Imports into the running server, and the quarantine (admins and managers). */
@RestController
@Tag(name = "Data", description = "Imports and quarantine")
class DataApi {

  private final ServerImport imports;
  private final Workspace workspace;
  private final Catalog catalog;

  DataApi(ServerImport imports, Workspace workspace, Catalog catalog) {
    this.imports = imports;
    this.workspace = workspace;
    this.catalog = catalog;
  }

  @PostMapping(path = "/api/v1/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(summary = "Import canonical CSV files", description = "Multipart field `files`, one part per file named after its"
      + " table (deals.csv, reps.csv, ...); all saved together or none. Answers the import report (as `kompass import` prints it);"
      + " 422 with the reason when nothing was saved. Open dashboards refresh when it commits. Admins and managers.")
  ResponseEntity<Map<String, Object>> importFiles(@RequestParam("files") List<MultipartFile> files,
      @RequestParam(defaultValue = "csv") String source) throws IOException {
    List<ServerImport.Upload> uploads = new ArrayList<>();
    for (MultipartFile f : files) {
      uploads.add(new ServerImport.Upload(f.getOriginalFilename(), f.getInputStream()));
    }
    try {
      ImportReport report = imports.run(uploads, source);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("import_id", report.importId());
      out.put("read", report.read());
      out.put("loaded", report.loaded());
      out.put("quarantined", report.quarantined());
      // Each file by its uploaded name, not the server's temporary copy.
      out.put("files", report.files().stream().map(f -> f.withFile(java.nio.file.Path.of(f.file()).getFileName().toString())).toList());
      return ResponseEntity.ok(out);
    } catch (ImportFailedException e) {
      return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Map.of("error", e.getMessage()));
    }
  }

  @GetMapping("/api/v1/quality")
  @Operation(summary = "The quarantine and the data-quality findings", description = "Rows imports did not load, grouped"
      + " with examples, and rows that loaded but deserve a look (likely duplicates, anomalies), as `kompass quality --format json`. Admins and managers (the examples hold other reps' deals).")
  Map<String, Object> quality(@RequestParam(defaultValue = "3") int examples) {
    List<QuarantineReport.Group> groups = QuarantineReport.groups(workspace, Math.max(1, examples));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", groups.stream().mapToLong(QuarantineReport.Group::rows).sum());
    out.put("groups", groups);
    out.put("findings", Quality.findings(workspace, Math.max(1, examples), LocalDateTime.now(workspace.settings().timeZone()),
        catalog));
    return out;
  }
}
