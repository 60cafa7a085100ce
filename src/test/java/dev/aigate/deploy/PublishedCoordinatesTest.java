package dev.aigate.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinates users copy from the docs are the ones the release workflow publishes: the canonical repository
 * {@value #CANONICAL}, its image {@code ghcr.io/<repository>} built from deploy/Dockerfile on a version tag, and the
 * policy schema at its raw URL (the schema's own {@code $id}). No placeholder a user cannot use.
 */
class PublishedCoordinatesTest {

    static final String CANONICAL = "ai-gate/ai-gate";
    static final String IMAGE = "ghcr.io/" + CANONICAL;
    static final String SCHEMA_URL = "https://raw.githubusercontent.com/" + CANONICAL + "/main/policies/schema.json";

    private static final Pattern GHCR = Pattern.compile("ghcr\\.io/[A-Za-z0-9._${}\\-]+(?:/[A-Za-z0-9._${}\\-]+)*");
    private static final Pattern RAW = Pattern.compile("https://raw\\.githubusercontent\\.com/[^\\s)\"'`]+");
    private static final Pattern ACTION = Pattern.compile("uses: ([^\\s`]+)/deploy/action@");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\bOWNER/|ghcr\\.io/example\\b|github\\.com/OWNER\\b");

    private static List<Path> userFacing() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        for (String dir : List.of("docs", "deploy", "policies", ".github")) {
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/performance/"))
                        .filter(p -> !p.toString().endsWith(".png")).forEach(files::add); // screenshots are not text
            }
        }
        return files;
    }

    @Test
    void noDocOrDeployFileNamesAPlaceholderOrAnotherImage() throws IOException {
        List<String> wrong = new ArrayList<>();
        int images = 0;
        for (Path file : userFacing()) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                wrong.add(file + ": placeholder " + placeholder.group());
            }
            Matcher image = GHCR.matcher(text);
            while (image.find()) {
                images++;
                String name = image.group();
                boolean workflowTemplate = file.endsWith("release.yml") && text.contains("ghcr.io/${GITHUB_REPOSITORY,,}") && name.equals("ghcr.io/${GITHUB_REPOSITORY");
                if (!name.equals(IMAGE) && !workflowTemplate) {
                    wrong.add(file + ": image " + name);
                }
            }
            Matcher raw = RAW.matcher(text);
            while (raw.find()) {
                if (!raw.group().startsWith("https://raw.githubusercontent.com/" + CANONICAL + "/")) {
                    wrong.add(file + ": raw URL " + raw.group());
                }
            }
            Matcher action = ACTION.matcher(text);
            while (file.toString().endsWith(".md") && action.find()) {
                if (!action.group(1).equals(CANONICAL) && !action.group(1).equals(".")) {
                    wrong.add(file + ": action " + action.group(1));
                }
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(images >= 4, "the scan found the image names (" + images + ")");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReleaseWorkflowPushesThatImageFromTheDockerfileOnAVersionTag() throws IOException {
        Map<Object, Object> workflow = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of(".github/workflows/release.yml"), StandardCharsets.UTF_8));
        Map<String, Object> on = (Map<String, Object>) (workflow.containsKey("on") ? workflow.get("on") : workflow.get(true));
        assertEquals(List.of("v[0-9]+.[0-9]+.[0-9]+"), ((Map<String, Object>) on.get("push")).get("tags"));
        Map<String, Object> jobs = (Map<String, Object>) workflow.get("jobs");
        assertNotNull(jobs.get("jar"), "the jar is still published");
        Map<String, Object> image = (Map<String, Object>) jobs.get("image");
        assertNotNull(image, "an image job");
        assertEquals("write", ((Map<String, Object>) image.get("permissions")).get("packages"));
        List<Map<String, Object>> steps = (List<Map<String, Object>>) image.get("steps");
        String run = steps.stream().map(s -> String.valueOf(s.get("run"))).filter(r -> r.contains("ghcr.io"))
                .findFirst().orElseThrow();
        assertTrue(run.contains("ghcr.io/${GITHUB_REPOSITORY,,}"), "ghcr.io/<repository>, lower-cased: " + run);
        Map<String, Object> push = steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("docker/build-push-action@"))
                .findFirst().orElseThrow();
        Map<String, Object> with = (Map<String, Object>) push.get("with");
        assertEquals("deploy/Dockerfile", with.get("file"));
        assertEquals(".", with.get("context"), "the Dockerfile builds from the repository root");
        assertEquals(true, with.get("push"));
        String meta = String.valueOf(steps.stream()
                .filter(s -> String.valueOf(s.get("uses")).startsWith("docker/metadata-action@")).findFirst()
                .orElseThrow().get("with"));
        assertTrue(meta.contains("pattern={{version}}"), "X.Y.Z as in k8s/base's tag: " + meta);
        // the canonical repository's name is what ${GITHUB_REPOSITORY,,} gives there
        assertEquals(IMAGE, "ghcr.io/" + CANONICAL.toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void theSchemaUrlInTheDocsIsTheSchemasIdAndNamesTheShippedFile() throws IOException {
        String id = new ObjectMapper().readTree(Path.of("policies/schema.json").toFile()).path("$id").asText();
        assertEquals(SCHEMA_URL, id);
        String path = id.substring(("https://raw.githubusercontent.com/" + CANONICAL + "/main/").length());
        assertTrue(Files.isRegularFile(Path.of(path)), path + " is in the repository");
        String policyDoc = Files.readString(Path.of("docs/policy.md"), StandardCharsets.UTF_8);
        Matcher schema = Pattern.compile("\\$schema=(\\S+)").matcher(policyDoc);
        assertTrue(schema.find(), "docs/policy.md points editors at the schema");
        assertEquals(id, schema.group(1));
        assertFalse(policyDoc.contains("OWNER/"), "no placeholder in docs/policy.md");
    }
}
