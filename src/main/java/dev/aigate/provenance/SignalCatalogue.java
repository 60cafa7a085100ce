package dev.aigate.provenance;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The built-in AI signal catalogue, loaded once from {@code signals.yml}. */
public final class SignalCatalogue {

    public record Agent(String id, String tool, String login, long botId) {
    }

    public record CoAuthorEmail(String id, String tool, String email) {
    }

    private final String version;
    private final List<Agent> agents;
    private final List<CoAuthorEmail> coAuthorEmails;

    public SignalCatalogue(String version, List<Agent> agents, List<CoAuthorEmail> coAuthorEmails) {
        this.version = version;
        this.agents = List.copyOf(agents);
        this.coAuthorEmails = List.copyOf(coAuthorEmails);
    }

    public static SignalCatalogue builtIn() {
        try (InputStream in = SignalCatalogue.class.getResourceAsStream("signals.yml")) {
            if (in == null) {
                throw new IllegalStateException("signals.yml is missing from the classpath");
            }
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> agents = (List<Map<String, Object>>) root.get("agents");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> emails = (List<Map<String, Object>>) root.get("coauthor_emails");
            return new SignalCatalogue(String.valueOf(root.get("catalogue_version")),
                    agents.stream().map(a -> new Agent((String) a.get("id"), (String) a.get("tool"),
                            (String) a.get("login"), ((Number) a.get("bot_id")).longValue())).toList(),
                    emails.stream().map(e -> new CoAuthorEmail((String) e.get("id"), (String) e.get("tool"),
                            ((String) e.get("email")).toLowerCase(Locale.ROOT))).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String version() {
        return version;
    }

    public List<Agent> agents() {
        return agents;
    }

    public List<CoAuthorEmail> coAuthorEmails() {
        return coAuthorEmails;
    }
}
