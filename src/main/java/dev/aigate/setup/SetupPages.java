package dev.aigate.setup;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The few HTML pages of the registration flow. Everything dynamic is escaped. */
final class SetupPages {

    /** Every box is border-box, so a 100%-wide input with padding stays inside its fieldset. */
    static final String STYLE = "*,*::before,*::after{box-sizing:border-box}"
            + "body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;"
            + "padding:0 1rem;line-height:1.5}label{display:block;margin:.8rem 0 .2rem}fieldset{min-width:0}"
            + "input[type=text],input[type=url]{width:100%;max-width:100%;padding:.4rem}"
            + ".button,button{background:#1f883d;color:#fff;border:0;"
            + "padding:.6rem 1.2rem;border-radius:6px;font-size:1rem;text-decoration:none;cursor:pointer}"
            + "button:disabled{background:#8c959f;cursor:not-allowed}"
            + ".error{color:#b00020}.warning{color:#9a6700}.hint{color:#555;font-size:.9rem}";

    /** The install guide, on the canonical repository (the server does not serve its docs). */
    static final String INSTALL_DOCS = "https://github.com/ai-gate/ai-gate/blob/main/docs/install.md";

    /** Why ai-gate asks for each permission of {@link AppManifest#PERMISSIONS}, which says which ones. */
    private static final java.util.Map<String, String> PURPOSES = java.util.Map.of(
            "checks", "publish the ai-gate check run",
            "pull_requests", "read the pull request: its commits, files and reviews",
            "contents", "read .github/ai-gate.yml from the base branch, and CODEOWNERS",
            "statuses", "read the commit statuses a policy may require",
            "metadata", "required by GitHub for every App",
            "members", "read organisation team membership for approval rules",
            "actions", "read the workflow run an agent PR links to, to learn who started the agent");

    private SetupPages() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>" + STYLE + "</style></head><body><h1>" + escape(title) + "</h1>" + body
                + "</body></html>";
    }

    static String form(String publicUrl, String webUrl, List<String> missing) {
        StringBuilder body = new StringBuilder();
        body.append("<p>ai-gate has no GitHub App yet. Register one in a click: GitHub creates the App with the "
                + "permissions below and hands its credentials back to this server. Every step and variable: ")
                .append(docsLink()).append(".</p>");
        if (publicUrl.isEmpty()) {
            body.append("<p class=\"error\" id=\"publicUrlMissing\">Set <code>AIGATE_PUBLIC_URL</code> to this "
                    + "server's public address and restart: GitHub delivers webhooks to it. Registration stays off "
                    + "until then.</p>");
        } else {
            body.append("<p class=\"hint\">Webhooks will go to <code>").append(escape(publicUrl))
                    .append(escape(AppManifest.WEBHOOK_PATH)).append("</code>.</p>");
            unreachable(publicUrl).ifPresent(why -> body.append("<p class=\"warning\" id=\"publicUrlWarning\">")
                    .append("<code>AIGATE_PUBLIC_URL</code> is ").append(escape(why)).append(": GitHub cannot "
                            + "deliver webhooks there. Use an address GitHub can reach (a public host name, or a tunnel "
                            + "to this server), or the App will never hear of a pull request.</p>"));
        }
        body.append("<p class=\"hint\">The App is created on <code>").append(escape(webUrl))
                .append("</code> (<code>AIGATE_GITHUB_WEB_URL</code>).</p>");
        body.append("<h2>What the App may do</h2><ul id=\"permissions\">");
        AppManifest.PERMISSIONS.forEach((permission, access) -> body.append("<li><code>").append(escape(permission))
                .append("</code>: ").append(escape(access)).append(" \u2014 ")
                .append(escape(PURPOSES.getOrDefault(permission, ""))).append("</li>"));
        body.append("</ul><p class=\"hint\" id=\"events\">Events it subscribes to: ")
                .append(escape(String.join(", ", AppManifest.EVENTS))).append(".</p>");
        body.append("<form method=\"post\" action=\"/setup\">")
                .append("<label for=\"setupCode\">Setup code (printed in the server's log at start, and in "
                        + "<code>AIGATE_DATA_DIR/").append(escape(SetupCode.FILE_NAME)).append("</code>)</label>")
                .append("<input type=\"text\" id=\"setupCode\" name=\"setupCode\" required autocomplete=\"off\" "
                        + "spellcheck=\"false\" placeholder=\"XXXX-XXXX-XXXX-XXXX-XXXX\">")
                .append("<fieldset><legend>Owner of the App</legend>")
                .append("<label><input type=\"radio\" name=\"accountType\" value=\"user\" checked> "
                        + "My personal account</label>")
                .append("<label><input type=\"radio\" name=\"accountType\" value=\"organization\"> "
                        + "An organisation:</label>")
                .append("<input type=\"text\" name=\"organization\" placeholder=\"organisation login, e.g. acme\">")
                .append("</fieldset>")
                .append("<label for=\"appName\">App name (optional, unique on GitHub, at most 34 characters)</label>")
                .append("<input type=\"text\" id=\"appName\" name=\"appName\" maxlength=\"34\" placeholder=\"")
                .append(escape(AppManifest.DEFAULT_NAME)).append("-&lt;owner&gt;\">")
                .append("<p><button type=\"submit\"").append(publicUrl.isEmpty()
                        ? " disabled title=\"Set AIGATE_PUBLIC_URL first\"" : "")
                .append(">Register GitHub App</button></p></form>");
        if (!missing.isEmpty()) {
            body.append("<details><summary>Or configure by hand</summary><p>Set these and restart:</p><ul>");
            missing.forEach(m -> body.append("<li>").append(escape(m)).append("</li>"));
            body.append("</ul><p>See ").append(docsLink()).append(".</p></details>");
        }
        return page("Set up ai-gate", body.toString());
    }

    private static String docsLink() {
        return "<a href=\"" + escape(INSTALL_DOCS) + "\">docs/install.md</a>";
    }

    /**
     * Why GitHub cannot reach {@code publicUrl}, judged from the URL alone (no DNS lookup): a loopback, private,
     * link-local or unspecified address, or a name only this host or network knows ({@code localhost},
     * {@code *.localhost}, {@code *.local}, {@code *.internal}, a name without a dot). Empty when it may be reachable.
     */
    static Optional<String> unreachable(String publicUrl) {
        String host;
        try {
            host = new URI(publicUrl).getHost();
        } catch (URISyntaxException e) {
            return Optional.of("not a URL");
        }
        if (host == null || host.isEmpty()) {
            return Optional.of("not an absolute URL with a host");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return Optional.of("a loopback address (" + host + ")");
        }
        if (isIpLiteral(name)) {
            try {
                java.net.InetAddress address = java.net.InetAddress.getByName(name); // a literal: no lookup
                byte[] b = address.getAddress();
                if (address.isLoopbackAddress()) {
                    return Optional.of("a loopback address (" + host + ")");
                }
                if (address.isAnyLocalAddress()) {
                    return Optional.of("the unspecified address (" + host + ")");
                }
                boolean cgnat = b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
                boolean uniqueLocal = b.length == 16 && (b[0] & 0xfe) == 0xfc;
                if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || cgnat || uniqueLocal) {
                    return Optional.of("a private address (" + host + ")");
                }
            } catch (java.net.UnknownHostException e) {
                return Optional.of("not a valid address (" + host + ")");
            }
            return Optional.empty();
        }
        if (!name.contains(".") || name.endsWith(".local") || name.endsWith(".internal")
                || name.endsWith(".lan") || name.endsWith(".home.arpa")) {
            return Optional.of("a name only your network knows (" + host + ")");
        }
        return Optional.empty();
    }

    private static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    /** The manifest form GitHub expects, submitted by the browser. */
    static String redirectToGitHub(String action, String manifestJson) {
        return page("Continue on GitHub",
                "<form id=\"manifest\" method=\"post\" action=\"" + escape(action) + "\">"
                        + "<input type=\"hidden\" name=\"manifest\" value=\"" + escape(manifestJson) + "\">"
                        + "<p>GitHub will show the App's name and permissions; confirm there to create it.</p>"
                        + "<p><button type=\"submit\">Continue to GitHub</button></p></form>"
                        + "<script>document.getElementById('manifest').submit()</script>");
    }

    /**
     * {@code url} if it may become a link: absolute, on GitHub's configured web host and port, https (http only
     * when the configured web URL is http itself), no user info. Anything else (javascript:, another host) is
     * empty, and is shown as text at most.
     */
    static Optional<String> safeLink(String url, String webUrl) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        try {
            URI link = new URI(url);
            URI web = new URI(webUrl);
            String scheme = link.getScheme() == null ? "" : link.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeOk = "https".equals(scheme)
                    || ("http".equals(scheme) && "http".equalsIgnoreCase(web.getScheme()));
            if (!schemeOk || link.getRawUserInfo() != null || link.getHost() == null || web.getHost() == null
                    || !link.getHost().equalsIgnoreCase(web.getHost()) || port(link) != port(web)) {
                return Optional.empty();
            }
            return Optional.of(link.toASCIIString());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }

    /** The pages' one escaping rule ({@link dev.aigate.web.WebPages#escape}). */
    static String escape(String text) {
        return dev.aigate.web.WebPages.escape(text);
    }
}
