package io.kompass.app.workspace;

import io.kompass.app.data.ServerImport;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What data the workspace holds, as JSON (the Data page shows the same). */
@RestController
class WorkspaceController {

  private final Workspace workspace;

  WorkspaceController(Workspace workspace) {
    this.workspace = workspace;
  }

  @GetMapping("/api/v1/workspace")
  Summary summary() {
    Summary s = Summary.of(workspace, StatusCommand.RECENT_IMPORTS);
    // A file uploaded through the server is named as uploaded, not by the server's temporary folder.
    String uploads = ServerImport.uploads(workspace).toString() + java.io.File.separator;
    List<Summary.ImportRun> runs = s.imports().stream()
        .map(r -> new Summary.ImportRun(r.id(), r.startedAt(), r.status(), r.files() == null ? null : r.files().replace(uploads, ""), r.read(),
            r.loaded(), r.quarantined(), r.message() == null ? null : r.message().replace(uploads, "")))
        .toList();
    return new Summary(s.settings(), s.tables(), s.currencies(), runs, s.quarantined());
  }
}
