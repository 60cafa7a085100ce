package dev.aigate.snapshot;

import java.util.Map;
import java.util.Set;

/**
 * Who belongs to which team and who holds which permission on the repository: the organisation facts the
 * policy needs, fetched ahead of evaluation so the core stays pure.
 *
 * @param teamMembers  for each team the policy names ({@code org/slug}, lower case), the
 *                     lower-cased logins of its members
 * @param permissions  for each relevant user (lower-cased login): admin, maintain, write,
 *                     triage, read or none
 */
public record Memberships(Map<String, Set<String>> teamMembers, Map<String, String> permissions) {

    public static final Memberships EMPTY = new Memberships(Map.of(), Map.of());

    public Memberships {
        teamMembers = Map.copyOf(teamMembers);
        permissions = Map.copyOf(permissions);
    }
}
