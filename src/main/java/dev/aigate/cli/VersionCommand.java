package dev.aigate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code version} (and {@code --version}): prints {@code ai-gate VERSION}. The version is the build's
 * {@code project.version}, written into {@code dev/aigate/version.properties} by Maven resource filtering.
 */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of ai-gate and exit.")
public final class VersionCommand extends CliCommand {

    @Override
    public String usage() {
        return "version   print the version";
    }

    @Override
    public Integer call() {
        out.println(line());
        return 0;
    }

    /** {@code ai-gate 0.1.0}, or {@code ai-gate (unknown version)} when run from classes the build did not filter. */
    public static String line() {
        return "ai-gate " + version();
    }

    public static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/dev/aigate/version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String manifest = VersionCommand.class.getPackage().getImplementationVersion();
        return manifest == null ? "(unknown version)" : manifest;
    }

    /** picocli's {@code --version} on the top-level command. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {line()};
        }
    }
}
