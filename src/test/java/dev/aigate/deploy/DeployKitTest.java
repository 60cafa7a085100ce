package dev.aigate.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigate.setup.AppManifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deploy kit: every Kustomize overlay renders (with kubectl when present; required when CI=true), the
 * rendered objects have what operators rely on, the image is non-root with a health check, and the manifest
 * kept for registration by hand is the one the flow posts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployKitTest {

    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void handRegistrationManifestIsTheFlowsManifest() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.valueToTree(AppManifest.forServer("https://ai-gate.example.com", "ai-gate")),
                json.readTree(DEPLOY.resolve("github-app-manifest.json").toFile()));
    }

    @Test
    void everyOverlayIsTested() throws Exception {
        try (var overlays = Files.list(DEPLOY.resolve("k8s/overlays"))) {
            assertEquals(List.of("postgres", "single"),
                    overlays.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "postgres"})
    void overlayRendersWithProbesResourcesAndSecretsByReference(String overlay) throws Exception {
        List<Map<String, Object>> objects = render(DEPLOY.resolve("k8s/overlays/" + overlay));
        Map<String, Object> deployment = only(objects, "Deployment");
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> container = list(pod, "containers").get(0);

        assertEquals("/health/liveness", at(container, "livenessProbe", "httpGet").get("path"));
        assertEquals("/health/readiness", at(container, "readinessProbe", "httpGet").get("path"));
        assertEquals("/health/liveness", at(container, "startupProbe", "httpGet").get("path"));
        assertTrue(at(container, "resources", "requests").containsKey("memory"));
        assertTrue(at(container, "resources", "requests").containsKey("cpu"));
        assertEquals(true, at(pod, "securityContext").get("runAsNonRoot"));
        assertEquals(false, at(container, "securityContext").get("allowPrivilegeEscalation"));
        assertTrue(objects.stream().noneMatch(o -> "Secret".equals(o.get("kind"))),
                "secrets are referenced, never shipped");
        String env = String.valueOf(container.get("env"));
        assertTrue(env.contains("secretKeyRef") && env.contains("ai-gate-github"), env);
        assertEquals(1, objects.stream().filter(o -> "PodDisruptionBudget".equals(o.get("kind"))).count());
        assertEquals("ghcr.io/ai-gate/ai-gate:0.1.0", container.get("image"));
        Map<String, Object> config = at(only(objects, "ConfigMap"), "data");
        assertEquals("https://api.github.com", config.get("AIGATE_GITHUB_API_URL"));
        assertEquals("https://github.com", config.get("AIGATE_GITHUB_WEB_URL"));

        int replicas = ((Number) at(deployment, "spec").get("replicas")).intValue();
        boolean hpa = objects.stream().anyMatch(o -> "HorizontalPodAutoscaler".equals(o.get("kind")));
        if ("single".equals(overlay)) {
            assertEquals(1, replicas);
            assertFalse(hpa, "one process owns the embedded store");
            assertEquals("Recreate", at(deployment, "spec", "strategy").get("type"));
            assertEquals(1, objects.stream().filter(o -> "PersistentVolumeClaim".equals(o.get("kind"))).count());
            assertTrue(String.valueOf(pod.get("volumes")).contains("claimName=ai-gate-data"));
            assertFalse(env.contains("AIGATE_DATABASE_URL"));
        } else {
            assertTrue(replicas >= 2, "replicas " + replicas);
            assertTrue(hpa);
            assertTrue(env.contains("AIGATE_DATABASE_URL") && env.contains("ai-gate-database"), env);
            assertFalse(String.valueOf(pod.get("volumes")).contains("claimName"));
        }
    }

    /**
     * One health contract: liveness (200 on a fresh server) for the image's HEALTHCHECK and the liveness and
     * startup probes, readiness (503 until the App is configured) for traffic; the README points a newcomer at the
     * endpoint that is green on a fresh start, not at the 503.
     */
    @Test
    void theReadmeTheImageAndTheProbesAgreeOnLivenessVersusReadiness() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        String healthcheck = dockerfile.substring(dockerfile.indexOf("\nHEALTHCHECK "));
        healthcheck = healthcheck.substring(0, healthcheck.indexOf("]") + 1);
        assertTrue(healthcheck.contains("\"/app/ai-gate.jar\", \"health\"]"), healthcheck);
        assertTrue(new dev.aigate.cli.HealthCommand(Map.of()).usage().contains("alive"),
                "the health command probes liveness");
        String operations = Files.readString(Path.of("docs/operations.md"));
        assertTrue(operations.contains("| `GET /health/liveness` | the process serves HTTP | liveness and startup probes, "
                + "the image's `HEALTHCHECK` |"), "docs/operations.md's table names liveness for the image and probes");
        String readme = Files.readString(Path.of("README.md"));
        String firstContact = readme.substring(readme.indexOf("With no GitHub credentials"));
        firstContact = firstContact.substring(0, firstContact.indexOf("\n\n"));
        assertTrue(firstContact.contains("`GET /health/liveness` answers 200"), firstContact);
        assertTrue(firstContact.contains("answer 503 with a message naming"), firstContact);
    }

    @Test
    void imageIsMultiStageNonRootWithHealthCheckAndPolicies() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        List<String> from = dockerfile.lines().filter(l -> l.startsWith("FROM ")).toList();
        assertTrue(from.size() >= 2, "multi-stage: " + from);
        String runtime = from.get(from.size() - 1);
        assertTrue(runtime.matches("FROM eclipse-temurin:(2[1-9]|[3-9]\\d)-jre.*"), runtime);
        assertTrue(dockerfile.contains("\nUSER 10001"), "non-root");
        assertTrue(dockerfile.contains("\nHEALTHCHECK "));
        assertTrue(dockerfile.contains("COPY policies/ /app/policies/"));
        assertTrue(dockerfile.contains("target/ai-gate.jar"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTheServerOnPostgres() throws Exception {
        Map<String, Object> compose = (Map<String, Object>) yaml().load(
                Files.readString(DEPLOY.resolve("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> gate = (Map<String, Object>) services.get("ai-gate");
        Map<String, Object> env = (Map<String, Object>) gate.get("environment");
        assertTrue(String.valueOf(env.get("AIGATE_DATABASE_URL")).startsWith("jdbc:postgresql://postgres:"));
        assertTrue(env.containsKey("AIGATE_GITHUB_API_URL") && env.containsKey("AIGATE_GITHUB_WEB_URL"),
                "which GitHub");
        assertEquals("deploy/Dockerfile", ((Map<String, Object>) gate.get("build")).get("dockerfile"));
        assertEquals("service_healthy",
                ((Map<String, Map<String, Object>>) gate.get("depends_on")).get("postgres").get("condition"));
        assertTrue(((Map<String, Object>) services.get("postgres")).containsKey("healthcheck"));
    }

    private static List<Map<String, Object>> render(Path overlay) throws Exception {
        File kubectl = findKubectl();
        if (kubectl == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("kubectl is required in CI to render " + overlay);
            }
            Assumptions.abort("kubectl not installed: cannot render " + overlay);
        }
        Process process = new ProcessBuilder(kubectl.getPath(), "kustomize", overlay.toString())
                .redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "kubectl kustomize " + overlay + ": " + err);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (Object doc : yaml().loadAll(new String(out, StandardCharsets.UTF_8))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) doc;
            objects.add(object);
        }
        return objects;
    }

    private static File findKubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, "kubectl");
            if (candidate.canExecute()) {
                return candidate;
            }
        }
        return null;
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static Map<String, Object> only(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> node, String... path) {
        Map<String, Object> current = node;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertTrue(current != null, "missing " + key + " in " + String.join(".", path));
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> node, String key) {
        return (List<Map<String, Object>>) node.get(key);
    }
}
