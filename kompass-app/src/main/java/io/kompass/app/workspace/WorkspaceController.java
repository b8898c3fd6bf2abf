package io.kompass.app.workspace;

import io.kompass.engine.workspace.Summary;
import io.kompass.engine.workspace.Workspace;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The overview of what data the workspace holds, as a page and as JSON. */
@Controller
class WorkspaceController {

  private final Workspace workspace;

  WorkspaceController(Workspace workspace) {
    this.workspace = workspace;
  }

  /** An import as the overview lists it: the file names rather than the paths it was given. */
  record ImportLine(Summary.ImportRun run, List<String> files) {
    static ImportLine from(Summary.ImportRun run) {
      List<String> names = run.files() == null
          ? List.of()
          : Arrays.stream(run.files().split("\n")).filter(f -> !f.isBlank()).map(f -> fileName(f)).toList();
      return new ImportLine(run, names);
    }

    private static String fileName(String path) {
      Path name = Path.of(path).getFileName();
      return name == null ? path : name.toString();
    }
  }

  @GetMapping("/")
  String home(Model model) {
    Summary summary = Summary.of(workspace, StatusCommand.RECENT_IMPORTS);
    model.addAttribute("summary", summary);
    model.addAttribute("imports", summary.imports().stream().map(ImportLine::from).toList());
    return "workspace/home";
  }

  @GetMapping("/api/v1/workspace")
  @ResponseBody
  Summary summary() {
    return Summary.of(workspace, StatusCommand.RECENT_IMPORTS);
  }
}
