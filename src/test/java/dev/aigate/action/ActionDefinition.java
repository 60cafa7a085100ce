package dev.aigate.action;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * deploy/action/action.yml and the example workflow of docs/action.md, read as a runner reads them, so that the
 * end-to-end tests start the jar with the environment that workflow and that action would give it.
 */
final class ActionDefinition {

    static final Path ACTION = Path.of("deploy/action/action.yml");
    static final Path DOC = Path.of("docs/action.md");
    private static final Pattern WORKFLOW = Pattern.compile(
            "<!-- example-workflow -->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*([a-z_.-]+)\\s*}}");

    private ActionDefinition() {
    }

    static Map<String, Object> action() {
        return yaml(read(ACTION));
    }

    /** The workflow under the {@code <!-- example-workflow -->} marker of docs/action.md. */
    static Map<String, Object> docWorkflow() {
        Matcher m = WORKFLOW.matcher(read(DOC));
        if (!m.find()) {
            throw new AssertionError(DOC + " has no ```yaml block after <!-- example-workflow -->");
        }
        return yaml(m.group(1));
    }

    /** The workflow's triggers; SnakeYAML reads the key {@code on} as YAML 1.1's boolean true. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> triggers(Map<String, Object> workflow) {
        Object on = workflow.containsKey("on") ? workflow.get("on") : ((Map<Object, Object>) (Map<?, ?>) workflow).get(Boolean.TRUE);
        return (Map<String, Object>) on;
    }

    /** The step of the workflow that uses the action. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> gateStep(Map<String, Object> workflow) {
        for (Object job : ((Map<String, Object>) workflow.get("jobs")).values()) {
            for (Map<String, Object> step : (List<Map<String, Object>>) ((Map<String, Object>) job).get("steps")) {
                if (String.valueOf(step.get("uses")).contains("/deploy/action@")) {
                    return step;
                }
            }
        }
        throw new AssertionError("the workflow has no step that uses the action");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> inputs() {
        return (Map<String, Object>) action().get("inputs");
    }

    /** The action's steps, in order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps() {
        return (List<Map<String, Object>>) ((Map<String, Object>) action().get("runs")).get("steps");
    }

    /** The step that runs the jar. */
    static Map<String, Object> jarStep() {
        return steps().stream().filter(s -> String.valueOf(s.get("run")).contains(" action"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no step of action.yml runs the jar"));
    }

    /**
     * The {@code INPUT_*} variables the jar's step gets when a workflow passes {@code with}: each input's value,
     * else its default, with {@code ${{ github.token }}} standing for {@code jobToken}.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> jarEnv(Map<String, Object> with, String jobToken) {
        Map<String, String> values = new HashMap<>();
        inputs().forEach((name, spec) -> {
            Object given = with == null ? null : with.get(name);
            Object value = given != null ? given : ((Map<String, Object>) spec).get("default");
            values.put(name, substitute(String.valueOf(value), Map.of("github.token", jobToken)));
        });
        Map<String, String> env = new HashMap<>();
        ((Map<String, Object>) jarStep().get("env")).forEach((name, value) -> {
            Matcher m = EXPRESSION.matcher(String.valueOf(value));
            if (m.matches() && m.group(1).startsWith("inputs.")) {
                env.put(name, values.get(m.group(1).substring("inputs.".length())));
            }
        });
        return env;
    }

    private static String substitute(String value, Map<String, String> context) {
        Matcher m = EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = context.get(m.group(1));
            if (v == null) {
                throw new AssertionError("the test does not know the expression " + m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
