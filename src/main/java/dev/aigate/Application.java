package dev.aigate;

import dev.aigate.cli.Cli;
import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Entry point: with no arguments it serves; with arguments it runs the CLI command they name (an unknown one is
 * a usage error, exit 2: a typo never starts a server).
 */
public class Application {

    /** The system property logback.xml reads for ai-gate's own log level; commands lower it to WARN. */
    public static final String LOG_LEVEL_PROPERTY = "aigate.log.level";

    public static void main(String[] args) {
        if (args.length > 0) {
            // A command's output is its answer: no INFO lines from the classes it shares with the server.
            System.setProperty(LOG_LEVEL_PROPERTY, "WARN");
            System.exit(Cli.run(args, System.out, System.err));
        }
        // No ASCII banner: with AIGATE_LOG_FORMAT=json every line on stdout must be JSON.
        new Server().mainClass(Application.class).banner(false).start();
    }

    /** Start-up failures an operator can fix at once are one line saying how, not a stack trace. */
    static final class Server extends Micronaut {
        @Override
        protected void handleStartupException(Environment environment, Throwable exception) {
            Optional<String> line = StartupFailure.explain(exception, System.getenv());
            if (line.isPresent()) {
                LoggerFactory.getLogger(Application.class).error(line.get());
                System.exit(1);
            }
            super.handleStartupException(environment, exception);
        }
    }
}
