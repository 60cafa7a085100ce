package dev.aigate.provenance;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The parts of catalogue reading that only extra files and co-author identities need: an extra
 * file names itself and may only add signals; a co-author identity is a name and an e-mail that
 * mark a tool only together. Split from {@link SignalCatalogue} to keep that file's size.
 */
final class CatalogueExtension {

    private CatalogueExtension() {
    }

    /** An extra file: a name and version, and only sections that add signals. */
    static void readExtra(SignalCatalogue.Reader r, Object rootObject) {
        Map<String, Object> root = r.map(rootObject, "top level");
        r.allowOnly(root, "top level", Set.of("catalogue_name", "catalogue_version", "tool_aliases", "bots",
                "emails", "name_suffixes", "coauthor_names", "coauthor_identities", "trailers", "markers",
                "branch_prefixes", "config_files", "labels"));
        String name = r.string(root, "catalogue_name", "catalogue_name", true);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,39}")) {
            throw r.fail("catalogue_name", "a short name (letters, digits, . _ -, at most 40), not '" + name + "'");
        }
        Object v = root.get("catalogue_version");
        if (!(v instanceof String s) || !s.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,39}")) {
            throw r.fail("catalogue_version", "required, a quoted short version such as \"3\"");
        }
        r.version = r.version + " + " + name + " " + s;
        r.readToolAliases(root.get("tool_aliases"));
        r.readBots(r.list(root, "bots", false));
        r.readEmails(r.list(root, "emails", false));
        r.readNameSuffixes(r.list(root, "name_suffixes", false));
        r.readCoauthorNames(r.list(root, "coauthor_names", false));
        readCoauthorIdentities(r, r.list(root, "coauthor_identities", false));
        r.readTrailers(r.list(root, "trailers", false));
        r.readMarkers(r.list(root, "markers", false));
        r.readBranchPrefixes(r.list(root, "branch_prefixes", false));
        r.readConfigFiles(r.list(root, "config_files", false));
        r.readLabels(r.list(root, "labels", false));
    }

    /** A co-author whose name and e-mail together are written by a tool; either alone says nothing. */
    static void readCoauthorIdentities(SignalCatalogue.Reader r, List<Object> entries) {
        for (int i = 0; i < entries.size(); i++) {
            String where = "coauthor_identities[" + i + "]";
            Map<String, Object> e = r.map(entries.get(i), where);
            r.allowOnly(e, where, Set.of("id", "tier", "tool", "source", "name", "email"));
            Signal signal = r.signal(e, where, null, true);
            where = where + " (" + signal.id() + ")";
            String name = r.string(e, "name", where, true).trim().toLowerCase(Locale.ROOT);
            String email = r.string(e, "email", where, true).trim().toLowerCase(Locale.ROOT);
            if (!email.contains("@")) {
                throw r.fail(where, "email must be a whole address");
            }
            if (r.coauthorIdentities.put(name + '\u0000' + email, signal) != null) {
                throw r.fail(where, "name and e-mail are listed twice");
            }
        }
    }
}
