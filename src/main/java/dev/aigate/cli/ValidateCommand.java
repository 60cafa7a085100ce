package dev.aigate.cli;

import dev.aigate.policy.Policy;
import dev.aigate.provenance.SignalCatalogue;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.PolicySources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code validate [--extends-dir DIR] FILE...}: checks policy files offline. Prints one
 * {@code FILE:LINE:COL: message} line per problem and exits 1 if there is any, else prints
 * {@code FILE: ok (N rules)} per file and exits 0. Exit 2 means the command line was wrong.
 *
 * <p>{@code extends: org/repo:path@ref} is read from {@code DIR/org/repo/path} when
 * {@code --extends-dir} is given; otherwise the reference is only checked for form, and a note
 * says the extended policy was not checked.
 *
 * <p>{@code --signals FILE} checks an extra signal catalogue the same way: merged with the built-in
 * one and validated as strictly, one {@code FILE:LINE:COL: message} line for a problem, else
 * {@code FILE: ok (catalogue 2026.12.1 + acme 3)}. A file named {@code ai-gate-signals.yml} is
 * checked as a repository's file (no regular expressions), any other as the operator's
 * ({@code AIGATE_SIGNALS_FILE}).
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check policy files offline.",
                "Prints FILE:LINE:COL: message per problem and exits 1, or FILE: ok (N rules) per file and exits 0."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every file is valid", "1:a file has problems",
                "2:the command line was wrong"})
public final class ValidateCommand extends CliCommand {

    @Override
    public String usage() {
        return "validate [--extends-dir DIR] FILE...   check policy files (--signals FILE: a signal catalogue);"
                + " prints FILE:LINE:COL: message per problem";
    }

    @Option(names = "--extends-dir", paramLabel = "DIR",
            description = "Read extends: org/repo:path@ref from DIR/org/repo/path, so the extended policy is checked too.")
    Path extendsDir;

    @Option(names = "--signals", paramLabel = "FILE",
            description = "An extra signal catalogue to check (AIGATE_SIGNALS_FILE, or a repository's ai-gate-signals.yml).")
    List<Path> signals;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "The policy files to check (e.g. .github/ai-gate.yml).")
    List<Path> files;

    @Override
    public Integer call() {
        if ((files == null || files.isEmpty()) && (signals == null || signals.isEmpty())) {
            err.println("validate: name a policy FILE or a --signals FILE to check");
            err.println("usage: java -jar ai-gate.jar " + usage());
            return 2;
        }
        boolean allValid = true;
        for (Path file : signals == null ? List.<Path>of() : signals) {
            allValid &= validateSignals(file, out);
        }
        for (Path file : files == null ? List.<Path>of() : files) {
            allValid &= validate(file, extendsDir, out, err);
        }
        return allValid ? 0 : 1;
    }

    private static boolean validateSignals(Path file, PrintStream out) {
        SignalCatalogue.Trust trust = "ai-gate-signals.yml".equals(String.valueOf(file.getFileName()))
                ? SignalCatalogue.Trust.REPOSITORY : SignalCatalogue.Trust.OPERATOR;
        try {
            SignalCatalogue c = SignalCatalogue.builtIn().extend(dev.aigate.app.SignalCatalogues.read(file), file.toString(), trust);
            out.println(file + ": ok (catalogue " + c.version() + ")");
            return true;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            out.println(m.startsWith("signal catalogue ") ? m.substring("signal catalogue ".length()) : file + ":1:1: " + m);
            return false;
        }
    }

    private static boolean validate(Path file, Path extendsDir, PrintStream out, PrintStream err) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            out.println(name + ":1:1: cannot read the file: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return false;
        }
        Set<String> unchecked = new LinkedHashSet<>();
        PolicySources sources = (repo, path, ref) -> {
            if (extendsDir != null) {
                Path p = extendsDir.resolve(repo).resolve(path).normalize();
                if (p.startsWith(extendsDir.normalize()) && Files.isRegularFile(p)) {
                    try {
                        return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }
                return Optional.empty();
            }
            unchecked.add(repo + ":" + path + (ref == null ? "" : "@" + ref));
            return Optional.of("version: 1\nrules: []\n");
        };
        PolicyParseResult result = PolicyParser.parse(text, name, sources);
        for (String u : unchecked) {
            err.println(name + ": note: extends " + u + " was not checked; pass --extends-dir DIR to check it too");
        }
        if (!result.ok()) {
            for (PolicyProblem p : result.problems()) {
                out.println(p.format());
            }
            return false;
        }
        Policy policy = result.policy().orElseThrow();
        out.println(name + ": ok (" + policy.rules().size() + " rule" + (policy.rules().size() == 1 ? "" : "s") + ")");
        return true;
    }
}
