package io.kompass.app.workspace;

import io.kompass.app.data.ServerImport;
import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
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
    return ServerImport.asUploaded(workspace, Summary.of(workspace, StatusCommand.RECENT_IMPORTS));
  }
}
