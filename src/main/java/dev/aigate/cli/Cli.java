package dev.aigate.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The subcommands beside the server. {@code java -jar ai-gate.jar} with no arguments serves;
 * with a known command name it runs that command and exits.
 */
public final class Cli {

    private static final Map<String, Supplier<CliCommand>> COMMANDS = new LinkedHashMap<>();

    static {
        // One line per subcommand; each class documents its own flags.
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("evaluate", EvaluateCommand::new);
        COMMANDS.put("redeliver", () -> new RedeliverCommand(System.getenv(), java.time.Clock.systemUTC()));
        COMMANDS.put("reevaluate", () -> new ReevaluateCommand(System.getenv()));
        COMMANDS.put("parked", () -> new ParkedCommand(System.getenv()));
        COMMANDS.put("health", () -> new HealthCommand(System.getenv()));
        COMMANDS.put("action", () -> new ActionCommand(System.getenv()));
    }

    private Cli() {
    }

    public static boolean isCommand(String arg) {
        return COMMANDS.containsKey(arg) || "help".equals(arg) || "--help".equals(arg) || "-h".equals(arg);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Supplier<CliCommand> command = COMMANDS.get(args[0]);
        if (command == null) {
            usage(out);
            return 0;
        }
        return command.get().run(List.copyOf(Arrays.asList(args).subList(1, args.length)), out, err);
    }

    public static void usage(PrintStream out) {
        out.println("usage: java -jar ai-gate.jar              start the server");
        COMMANDS.forEach((name, c) -> out.println("       java -jar ai-gate.jar " + c.get().usage()));
    }
}
