package dev.aigate.cli;

import dev.aigate.policy.Policy;
import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import dev.aigate.policy.PolicyProblem;
import dev.aigate.policy.PolicySources;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
public final class ValidateCommand implements CliCommand {

    @Override
    public String usage() {
        return "validate [--extends-dir DIR] FILE...   check policy files; prints FILE:LINE:COL: message per problem";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        List<Path> files = new ArrayList<>();
        Path extendsDir = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                out.println("usage: java -jar ai-gate.jar " + usage());
                return 0;
            } else if (a.equals("--extends-dir")) {
                if (i + 1 >= args.size()) {
                    err.println("validate: --extends-dir needs a directory");
                    return 2;
                }
                extendsDir = Path.of(args.get(++i));
            } else if (a.startsWith("-") && !a.equals("-")) {
                err.println("validate: unknown option " + a);
                err.println("usage: java -jar ai-gate.jar " + usage());
                return 2;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("usage: java -jar ai-gate.jar " + usage());
            return 2;
        }
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
