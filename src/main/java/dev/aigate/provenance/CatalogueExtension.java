package dev.aigate.provenance;

import java.util.Map;
import java.util.Set;

/**
 * The part of catalogue reading that only extra files need: an extra file names itself and may
 * only add signals.
 */
final class CatalogueExtension {

    private CatalogueExtension() {
    }

    /** An extra file: a name and version, and only sections that add signals. */
    static void readExtra(CatalogueReader r, Object rootObject) {
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
        CatalogueIdentities.readBots(r, r.list(root, "bots", false));
        CatalogueIdentities.readEmails(r, r.list(root, "emails", false));
        r.readNameSuffixes(r.list(root, "name_suffixes", false));
        r.readCoauthorNames(r.list(root, "coauthor_names", false));
        CatalogueIdentities.readCoauthorIdentities(r, r.list(root, "coauthor_identities", false));
        r.readTrailers(r.list(root, "trailers", false));
        r.readMarkers(r.list(root, "markers", false));
        r.readBranchPrefixes(r.list(root, "branch_prefixes", false));
        r.readConfigFiles(r.list(root, "config_files", false));
        r.readLabels(r.list(root, "labels", false));
    }
}
