package io.kompass.app.data;

import io.kompass.app.numbers.Numbers;
import io.kompass.app.people.SignedIn;
import io.kompass.engine.ingest.ImportFailedException;
import io.kompass.engine.ingest.ImportReport;
import io.kompass.engine.ingest.Quality;
import io.kompass.engine.ingest.QuarantineReport;
import io.kompass.engine.model.CanonicalModel;
import io.kompass.engine.model.Table;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.WorkspaceException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Data page: rows per table, sources, recent imports and the quarantine (with example rows
 * for admins and managers only: they hold other reps' deals), and the upload form for imports.
 */
@Controller
class DataController {

  static final int RECENT_IMPORTS = 10;
  static final int EXAMPLES = 3;

  private final Numbers numbers;
  private final ServerImport imports;
  private final MessageSource messages;
  /** The largest upload the server accepts (KOMPASS_MAX_UPLOAD): the page refuses larger files before sending them. */
  private final DataSize maxUpload;

  DataController(Numbers numbers, ServerImport imports, MessageSource messages,
      @Value("${spring.servlet.multipart.max-request-size}") DataSize maxUpload) {
    this.numbers = numbers;
    this.imports = imports;
    this.messages = messages;
    this.maxUpload = maxUpload;
  }

  /** An import as the page lists it: the file names rather than the paths it was given. */
  record ImportLine(Summary.ImportRun run, List<String> files) {
    static ImportLine from(Summary.ImportRun run) {
      List<String> names = run.files() == null
          ? List.of()
          : Arrays.stream(run.files().split("\n")).filter(f -> !f.isBlank()).map(ImportLine::fileName).toList();
      return new ImportLine(run, names);
    }

    private static String fileName(String path) {
      Path name = Path.of(path).getFileName();
      return name == null ? path : name.toString();
    }
  }

  /** Rows of a table that came from one source system. */
  record Source(String table, String source, long rows) {}

  @GetMapping("/data")
  String data(@AuthenticationPrincipal SignedIn me, Model model, Locale locale) {
    Summary summary = numbers.cached("data", "summary", () -> ServerImport.asUploaded(numbers.workspace(), Summary.of(numbers.workspace(), RECENT_IMPORTS)));
    model.addAttribute("summary", summary);
    model.addAttribute("imports", summary.imports().stream().map(ImportLine::from).toList());
    model.addAttribute("sources", numbers.cached("data", "sources", this::sources));
    List<QuarantineReport.Group> groups = numbers.cached("data", "quarantine", () -> QuarantineReport.groups(numbers.workspace(), EXAMPLES));
    model.addAttribute("quarantine", me.maintainsData() ? groups
        : groups.stream().map(g -> new QuarantineReport.Group(g.table(), g.file(), g.field(), g.problem(), g.rows(), List.of())).toList());
    model.addAttribute("reasons", new QuarantineReasons(messages, locale));
    model.addAttribute("maxUploadBytes", maxUpload.toBytes());
    model.addAttribute("maxUploadMegabytes", Math.max(1, maxUpload.toMegabytes()));
    // Rows that loaded but deserve a look (likely duplicates, anomalies, targets no page reads), as 'kompass quality'
    // lists them: that command cannot open the workspace while the server holds it. Examples are for those who fix data.
    // Kept per day as well as per data version: "date in the future" depends on today.
    java.time.LocalDateTime now = java.time.LocalDateTime.now(numbers.workspace().settings().timeZone());
    List<Quality.Finding> findings = numbers.cached("data", Arrays.asList("findings", now.toLocalDate()),
        () -> Quality.findings(numbers.workspace(), EXAMPLES, now, numbers.catalog()).stream()
        .filter(f -> !f.table().equals("(any)")).toList());
    model.addAttribute("findings", me.maintainsData() ? findings
        : findings.stream().map(f -> new Quality.Finding(f.source(), f.table(), f.kind(), f.rule(), f.explanation(), f.rows(), List.of())).toList());
    return "data/data";
  }

  @PostMapping("/data/imports")
  String upload(@AuthenticationPrincipal SignedIn me, @RequestParam(name = "files", required = false) List<MultipartFile> files,
      RedirectAttributes flash, Locale locale) throws IOException {
    if (!me.maintainsData()) {
      throw new AccessDeniedException("only admins and managers import data");
    }
    List<ServerImport.Upload> uploads = new ArrayList<>();
    for (MultipartFile f : files == null ? List.<MultipartFile>of() : files) {
      // A part without a file name is a field left without a file; an empty file is one the import should name.
      if (f.getOriginalFilename() != null && !f.getOriginalFilename().isBlank()) {
        uploads.add(new ServerImport.Upload(f.getOriginalFilename(), f.getInputStream()));
      }
    }
    try {
      ImportReport report = imports.run(uploads, "csv");
      flash.addFlashAttribute("imported", report);
    } catch (ImportFailedException e) {
      // A common failure in the page's language, with advice for an upload (no command-line options); others as the import says.
      String translated = e.code() == null ? null : messages.getMessage("import.failed." + e.code(), e.args().toArray(), null, locale);
      flash.addFlashAttribute("importError", translated == null ? e.getMessage() : translated);
    }
    return "redirect:/data";
  }

  private List<Source> sources() {
    List<Source> out = new ArrayList<>();
    try (Connection c = numbers.workspace().connect(); Statement s = c.createStatement()) {
      for (Table t : CanonicalModel.tables()) {
        try (ResultSet rs = s.executeQuery("SELECT source_system, count(*) FROM " + t.name() + " GROUP BY 1 ORDER BY 1")) {
          while (rs.next()) {
            out.add(new Source(t.name(), rs.getString(1), rs.getLong(2)));
          }
        }
      }
    } catch (SQLException e) {
      throw new WorkspaceException("cannot read the sources: " + e.getMessage(), e);
    }
    return out;
  }
}
