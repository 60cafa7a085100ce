package dev.aigate.cli;

import dev.aigate.policy.Policy;
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
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check policy files offline.",
                "Prints FILE:LINE:COL: message per problem and exits 1, or FILE: ok (N rules) per file and exits 0."},
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:every file is valid", "1:a file has problems",
                "2:the command line was wrong"})
public final class ValidateCommand extends CliCommand {

    @Override
    public String usage() {
        return "validate [--extends-dir DIR] FILE...   check policy files; prints FILE:LINE:COL: message per problem";
    }

    @Option(names = "--extends-dir", paramLabel = "DIR",
            description = "Read extends: org/repo:path@ref from DIR/org/repo/path, so the extended policy is checked too.")
    Path extendsDir;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "The policy files to check (e.g. .github/ai-gate.yml).")
    List<Path> files;

    @Override
    public Integer call() {
        boolean allValid = true;
        for (Path file : files) {
            allValid &= validate(file, extendsDir, out, err);
        }
        return allValid ? 0 : 1;
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
