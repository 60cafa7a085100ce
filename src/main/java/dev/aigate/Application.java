package dev.aigate;

import dev.aigate.cli.Cli;
import io.micronaut.runtime.Micronaut;

/** Entry point: serves by default; runs a CLI subcommand when the first argument names one. */
public class Application {
    public static void main(String[] args) {
        if (args.length > 0 && Cli.isCommand(args[0])) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        // No ASCII banner: with AIGATE_LOG_FORMAT=json every line on stdout must be JSON.
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
