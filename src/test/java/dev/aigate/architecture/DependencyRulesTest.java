package dev.aigate.architecture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package rules of the GitHub adapter, read from the sources: hub4j ({@code org.kohsuke}) is used only in
 * {@code dev.aigate.github}; {@code github} does not reach up into {@code queue} (it says when to retry, the
 * worker schedules); {@code store} does not depend on {@code github}; {@code recovery} has no HTTP client of its
 * own (it reads the delivery log through the adapter); the pure core ({@code policy}, {@code provenance},
 * {@code checks}, {@code snapshot}) uses no framework, network, file or database API and nothing above it in the
 * pipeline. Every line that is not a comment counts,
 * imports and fully qualified names alike.
 */
class DependencyRulesTest {

    private static final Path SOURCES = Path.of("src/main/java");

    /** One rule: sources in {@code packageDir} (or outside it, when {@code outside}) must not name {@code forbidden}. */
    record Rule(String packageDir, boolean outside, String forbidden, String why) {
    }

    /** The pure core: evaluation from data alone, no framework, no network, files or database, nothing above it. */
    static final List<String> CORE = List.of("dev/aigate/policy", "dev/aigate/provenance", "dev/aigate/checks",
            "dev/aigate/snapshot");
    static final List<String> NOT_IN_CORE = List.of("io.micronaut.", "jakarta.inject.", "okhttp3.", "java.net.",
            "java.nio.file.", "java.sql.", "javax.sql.", "dev.aigate.github.", "dev.aigate.queue.", "dev.aigate.webhook.",
            "dev.aigate.app.", "dev.aigate.store.", "dev.aigate.recovery.");

    static final List<Rule> RULES = Stream.concat(Stream.of(
            new Rule("dev/aigate/github", true, "org.kohsuke.", "hub4j types stay inside the GitHub adapter"),
            new Rule("dev/aigate/github", false, "dev.aigate.queue.", "github must not depend on the queue"),
            new Rule("dev/aigate/store", false, "dev.aigate.github.", "store must not depend on github"),
            new Rule("dev/aigate/recovery", false, "okhttp3.",
                    "recovery talks to GitHub through the github adapter (its cache, same-origin rule, timeouts)"),
            new Rule("dev/aigate/setup", false, "okhttp3.",
                    "setup's one call to GitHub goes through the github adapter (timeouts, same-origin rule)")),
            CORE.stream().flatMap(core -> NOT_IN_CORE.stream().map(name -> new Rule(core, false, name,
                    "the pure core (" + core.substring(core.lastIndexOf('/') + 1) + ") must not use " + name)))).toList();

    @Test
    void theSourcesKeepTheRules() {
        assertEquals(List.of(), violations(SOURCES), "dependency rules broken");
    }

    /** The check itself finds each kind of breach, so a green run means something. */
    @Test
    void eachRuleCatchesItsBreach(@TempDir Path root) throws IOException {
        write(root, "dev/aigate/app/Uses.java", "package dev.aigate.app;\nimport org.kohsuke.github.GHRepository;\n");
        write(root, "dev/aigate/github/Fine.java", "package dev.aigate.github;\nimport org.kohsuke.github.GitHub;\n"
                + "/** mentions dev.aigate.queue.RetryLaterException in a comment only */\n");
        write(root, "dev/aigate/github/Up.java", "package dev.aigate.github;\n"
                + "class Up { dev.aigate.queue.RetryLaterException e; }\n");
        write(root, "dev/aigate/store/Down.java", "package dev.aigate.store;\nimport dev.aigate.github.InstallationApi;\n");
        write(root, "dev/aigate/recovery/OwnClient.java", "package dev.aigate.recovery;\nimport okhttp3.OkHttpClient;\n");
        write(root, "dev/aigate/recovery/Adapter.java", "package dev.aigate.recovery;\nimport dev.aigate.github.GitHubClients;\n");
        write(root, "dev/aigate/policy/Fetches.java", "package dev.aigate.policy;\nimport dev.aigate.github.InstallationApi;\n");
        write(root, "dev/aigate/checks/Injected.java", "package dev.aigate.checks;\n@jakarta.inject.Singleton class Injected {}\n");
        List<String> found = violations(root);
        assertEquals(6, found.size(), found.toString());
        assertEquals(List.of("dev/aigate/app/Uses.java", "dev/aigate/checks/Injected.java", "dev/aigate/github/Up.java",
                        "dev/aigate/policy/Fetches.java", "dev/aigate/recovery/OwnClient.java", "dev/aigate/store/Down.java"),
                found.stream().map(v -> v.substring(0, v.indexOf(':'))).sorted().toList());
    }

    static List<String> violations(Path root) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(file).toString().replace('\\', '/');
                List<String> lines = Files.readAllLines(file);
                for (Rule rule : RULES) {
                    boolean inside = rel.startsWith(rule.packageDir() + "/");
                    if (inside == rule.outside()) {
                        continue;
                    }
                    for (int i = 0; i < lines.size(); i++) {
                        String line = lines.get(i).strip();
                        if (line.startsWith("*") || line.startsWith("/*") || line.startsWith("//")) {
                            continue;
                        }
                        if (line.contains(rule.forbidden())) {
                            out.add(rel + ":" + (i + 1) + ": " + rule.why() + ": " + line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path file = root.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
