package dev.aigate.docs;

import dev.aigate.policy.PolicyParseResult;
import dev.aigate.policy.PolicyParser;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy files the README and docs/policy.md tell a newcomer to validate exist in a fresh clone and are valid. */
class ReadmeExamplesTest {

    private static final Pattern VALIDATE = Pattern.compile("ai-gate\\.jar validate ((?:[^\\s`]+\\.ya?ml ?)+)");

    @Test
    void everyFileTheDocsValidateExistsAndParses() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path doc : List.of(Path.of("README.md"), Path.of("docs/policy.md"))) {
            Matcher m = VALIDATE.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                for (String arg : m.group(1).strip().split(" ")) {
                    files.addAll(expand(arg));
                }
            }
        }
        assertTrue(files.contains(".github/ai-gate.yml"), "the README's example: " + files);
        for (String file : files) {
            Path path = Path.of(file);
            assertTrue(Files.isRegularFile(path), file + " is named by a validate example but does not exist");
            PolicyParseResult result = PolicyParser.parse(Files.readString(path, StandardCharsets.UTF_8), file);
            assertTrue(result.ok(), file + ": " + result.problems());
        }
    }

    @Test
    void theReadmePolicyBlockIsTheShippedFile() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("```yaml\n(version: 1\n.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README has its policy example");
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        Object inReadme = yaml.load(block.group(1));
        Object shipped = yaml.load(Files.readString(Path.of(".github/ai-gate.yml"), StandardCharsets.UTF_8));
        assertEquals(inReadme, shipped, "README.md's example and .github/ai-gate.yml say the same");
    }

    private static List<String> expand(String arg) throws IOException {
        if (!arg.contains("*")) {
            return List.of(arg);
        }
        Path dir = Path.of(arg).getParent();
        List<String> matched = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, Path.of(arg).getFileName().toString())) {
            stream.forEach(p -> matched.add(dir.resolve(p.getFileName()).toString()));
        }
        assertTrue(!matched.isEmpty(), arg + " matches nothing");
        return matched;
    }
}
