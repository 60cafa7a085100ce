package dev.aigate.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One subcommand of {@code java -jar ai-gate.jar COMMAND ...}. Each subclass is a picocli {@code @Command}
 * whose {@code @Option} and {@code @Parameters} fields picocli fills before {@link #call()}; {@link Cli} parses,
 * prints help and usage errors the same way for all of them.
 */
public abstract class CliCommand implements Callable<Integer> {

    /** Where the command writes its results. */
    protected PrintStream out = System.out;
    /** Where the command writes what went wrong. */
    protected PrintStream err = System.err;

    /** One line for the usage text, without the {@code java -jar ai-gate.jar } prefix. */
    public abstract String usage();

    /** Runs the command with its options already parsed; returns the process exit code. */
    @Override
    public abstract Integer call();

    /** Parses {@code args} for this command alone and runs it; returns the process exit code. */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return Cli.execute(this, args, out, err);
    }

    void streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The server on this machine, at {@code MICRONAUT_SERVER_PORT} (8080 by default): where commands go unless told. */
    static String localServer(Map<String, String> env) {
        return "http://127.0.0.1:" + env.getOrDefault("MICRONAUT_SERVER_PORT", "8080");
    }
}
