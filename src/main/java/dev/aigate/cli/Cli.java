package dev.aigate.cli;

import dev.aigate.policy.Suggestions;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The subcommands beside the server. {@code java -jar ai-gate.jar} with no arguments serves; with arguments it
 * runs the command they name and exits. Anything else (a misspelt command, an unknown option) is a usage error:
 * exit 2 with a suggestion, and no server is started. Every command takes {@code --help} (exit 0).
 */
public final class Cli {

    /** Exit code of a command line that could not be parsed. */
    public static final int USAGE = 2;

    private static final Map<String, Supplier<CliCommand>> COMMANDS = new LinkedHashMap<>();

    static {
        // One line per subcommand; each class documents its own options.
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("evaluate", EvaluateCommand::new);
        COMMANDS.put("redeliver", () -> new RedeliverCommand(System.getenv(), java.time.Clock.systemUTC()));
        COMMANDS.put("reevaluate", () -> new ReevaluateCommand(System.getenv()));
        COMMANDS.put("parked", () -> new ParkedCommand(System.getenv()));
        COMMANDS.put("health", () -> new HealthCommand(System.getenv()));
        COMMANDS.put("backup", () -> new BackupCommand(System.getenv()));
        COMMANDS.put("action", () -> new ActionCommand(System.getenv()));
        COMMANDS.put("version", VersionCommand::new);
    }

    private Cli() {
    }

    /** The top of the tree: {@code --help}, {@code --version}, or a subcommand. */
    @Command(name = "java -jar ai-gate.jar", mixinStandardHelpOptions = true,
            versionProvider = VersionCommand.Provider.class,
            description = "Without arguments: start the server. With a command: run it and exit.")
    static final class Root implements java.util.concurrent.Callable<Integer> {
        PrintStream out = System.out;

        @Override
        public Integer call() {
            usage(out);
            return 0;
        }
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.containsKey(arg) || List.of("help", "--help", "-h", "--version", "-V").contains(arg);
    }

    /** Runs {@code java -jar ai-gate.jar ARGS...} (at least one argument) and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Root root = new Root();
        root.out = out;
        CommandLine line = new CommandLine(root);
        line.addSubcommand("help", new CommandLine.HelpCommand());
        COMMANDS.forEach((name, supplier) -> {
            CliCommand command = supplier.get();
            command.streams(out, err);
            line.addSubcommand(name, command);
        });
        return configure(line, out, err).execute(args);
    }

    /** Parses {@code args} for {@code command} alone (as {@code java -jar ai-gate.jar NAME ARGS...} would) and runs it. */
    static int execute(CliCommand command, List<String> args, PrintStream out, PrintStream err) {
        command.streams(out, err);
        return configure(new CommandLine(command), out, err).execute(args.toArray(String[]::new));
    }

    private static CommandLine configure(CommandLine line, PrintStream out, PrintStream err) {
        versionEverywhere(line);
        return line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true))
                .setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true))
                .setParameterExceptionHandler(Cli::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getCommandName() + ": " + e);
                    return 1;
                });
    }

    /** {@code -V}/{@code --version} on every command prints the same line as {@code version}. */
    private static void versionEverywhere(CommandLine line) {
        line.getCommandSpec().versionProvider(new VersionCommand.Provider());
        line.getSubcommands().values().forEach(Cli::versionEverywhere);
    }

    /** One consistent shape for every usage error: what is wrong, the usage line, where to read more; exit 2. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        boolean top = cmd.getCommand() instanceof Root;
        if (top && e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            Optional<String> suggestion = closest(first);
            err.println("ai-gate: unknown command '" + first + "'"
                    + suggestion.map(s -> "; did you mean '" + s + "'?").orElse(""));
            err.println("commands: " + String.join(", ", COMMANDS.keySet())
                    + "; without arguments ai-gate starts the server. See: java -jar ai-gate.jar --help");
            return USAGE;
        }
        String name = top ? "ai-gate" : cmd.getCommandName();
        err.println(name + ": " + e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            err.println(name + ": did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?");
        }
        if (cmd.getCommand() instanceof CliCommand command) {
            err.println("usage: java -jar ai-gate.jar " + command.usage());
            err.println("more: java -jar ai-gate.jar " + cmd.getCommandName() + " --help");
        } else {
            err.println("more: java -jar ai-gate.jar --help");
        }
        return USAGE;
    }

    /** The command (or top-level option) nearest to a misspelt {@code word}: at most two edits, a swap counting one. */
    static Optional<String> closest(String word) {
        List<String> known = new java.util.ArrayList<>(COMMANDS.keySet());
        known.addAll(List.of("help", "--help", "--version"));
        String bare = word.replaceFirst("^-+", "").toLowerCase(java.util.Locale.ROOT);
        return known.stream()
                .filter(k -> distance(bare, k.replaceFirst("^-+", "")) <= Math.min(2, Math.max(1, bare.length() / 3)))
                .min(java.util.Comparator.comparingInt(k -> distance(bare, k.replaceFirst("^-+", ""))))
                .map(k -> k.startsWith("--") ? k.substring(2) : k);
    }

    /** Optimal string alignment distance, shared with the policy's "did you mean". */
    static int distance(String a, String b) {
        return Suggestions.distance(a, b);
    }

    public static void usage(PrintStream out) {
        out.println("usage: java -jar ai-gate.jar              start the server");
        COMMANDS.forEach((name, c) -> out.println("       java -jar ai-gate.jar " + c.get().usage()));
        out.println("       java -jar ai-gate.jar COMMAND --help   what a command does and takes");
    }
}
