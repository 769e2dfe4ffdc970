package io.guestops.grr.decision.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * Whether a metav1 LabelSelector selects a namespace's labels, as the API server decides it:
 * {@code matchLabels} and every {@code matchExpressions} requirement must hold (In, NotIn, Exists,
 * DoesNotExist); an empty selector selects everything. A null selector, or an operator Kubernetes
 * does not know, selects nothing: a policy must never cover more than it says.
 */
public final class NamespaceSelection {

    private NamespaceSelection() {
    }

    public static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> wanted : selector.getMatchLabels().entrySet()) {
                if (!wanted.getValue().equals(present.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement requirement : selector.getMatchExpressions()) {
                if (!holds(requirement, present)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator() == null ? "" : requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(requirement.getKey());
            case "DoesNotExist" -> !labels.containsKey(requirement.getKey());
            default -> false;
        };
    }
}
