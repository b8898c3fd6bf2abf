package io.kompass.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Start the web UI on an existing workspace.",
    descriptionHeading = "%n",
    description = {
      "Everyone signs in (see 'kompass user --help'); on a workspace without users Kompass makes the user admin and prints"
          + " its one-time password. By default it listens on 127.0.0.1, so only this machine can open it.",
      "%nStop it with Ctrl+C. While it runs it holds the workspace: import through the web UI's Data page or"
          + " POST /api/v1/imports, or stop it before 'kompass import'."
    },
    optionListHeading = "%nOptions:%n")
class ServeCommand implements Callable<Integer> {

  @ParentCommand Kompass kompass;

  @Option(names = "--port", paramLabel = "<port>", defaultValue = "8080", description = "Port to listen on. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "<address>",
      defaultValue = "127.0.0.1",
      description = "Address to listen on. Default: ${DEFAULT-VALUE} (this machine only). 0.0.0.0 makes Kompass"
          + " reachable from other machines (put it behind HTTPS then).")
  String bind;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Kompass.checkPort(spec, port);
    kompass.startServer(bind, port);
    return Kompass.OK;
  }
}
