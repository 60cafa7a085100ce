package dev.aigate.policy;

import java.util.List;

/**
 * One rule of a policy.
 *
 * @param name         shown in the check run; unique within the policy
 * @param description  optional longer text, or empty
 * @param line         the policy line the rule starts on
 * @param condition    when the rule applies; null means always
 * @param requirements what it demands when it applies
 * @param onFailure    the verdict when a requirement is unmet (failure or action_required)
 * @param source       the policy file it was written in (differs from the repository's file under {@code extends})
 * @param hint         the rule's own instruction for when it is unmet, or empty
 * @param mode         the rule's own {@code mode}; null = the policy's
 */
public record Rule(String name, String description, int line, Condition condition, List<Requirement> requirements,
                   Verdict onFailure, String source, String hint, Mode mode) {

    public Rule(String name, String description, int line, Condition condition, List<Requirement> requirements,
                Verdict onFailure, String source) {
        this(name, description, line, condition, requirements, onFailure, source, "", null);
    }

    public Rule(String name, String description, int line, Condition condition, List<Requirement> requirements,
                Verdict onFailure, String source, String hint) {
        this(name, description, line, condition, requirements, onFailure, source, hint, null);
    }

    public Rule(String name, String description, int line, Condition condition, List<Requirement> requirements,
                Verdict onFailure, String source, Mode mode) {
        this(name, description, line, condition, requirements, onFailure, source, "", mode);
    }

    public Rule {
        requirements = List.copyOf(requirements);
        description = description == null ? "" : description;
        hint = hint == null ? "" : hint;
    }
}
