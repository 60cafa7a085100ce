package dev.aigate.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code java -jar ai-gate.jar COMMAND ...}. */
public interface CliCommand {

    /** One line for the usage text. */
    String usage();

    /** Runs the command and returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
