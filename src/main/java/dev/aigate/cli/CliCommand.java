package dev.aigate.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** One subcommand of {@code java -jar ai-gate.jar COMMAND ...}. */
public interface CliCommand {

    /** One line for the usage text. */
    String usage();

    /** Runs the command and returns the process exit code. */
    int run(List<String> args, PrintStream out, PrintStream err);

    /** The server on this machine, at {@code MICRONAUT_SERVER_PORT} (8080 by default): where commands go unless told. */
    static String localServer(Map<String, String> env) {
        return "http://127.0.0.1:" + env.getOrDefault("MICRONAUT_SERVER_PORT", "8080");
    }
}
