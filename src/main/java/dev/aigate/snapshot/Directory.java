package dev.aigate.snapshot;

import java.util.Map;
import java.util.Set;

/**
 * Organisation facts the policy needs, fetched ahead of evaluation so the core stays pure.
 *
 * @param teamMembers  for each team the policy names ({@code org/slug}, lower case), the
 *                     lower-cased logins of its members
 * @param permissions  for each relevant user (lower-cased login): admin, maintain, write,
 *                     triage, read or none
 */
public record Directory(Map<String, Set<String>> teamMembers, Map<String, String> permissions) {

    public static final Directory EMPTY = new Directory(Map.of(), Map.of());

    public Directory {
        teamMembers = Map.copyOf(teamMembers);
        permissions = Map.copyOf(permissions);
    }
}
