package io.guestops.grr.decision.policy;

import io.guestops.grr.model.GuestRedemptionPolicy;
import java.util.Comparator;
import java.util.List;

/**
 * The policies that apply to one resource: those whose namespaceSelector selects its namespace.
 *
 * @param enforced  false when the operator runs with policies off (every resource may act)
 * @param namespace the resource's namespace, for the messages
 * @param selecting the policies selecting that namespace, in name order (the first that admits wins)
 */
public record Guardrails(boolean enforced, String namespace, List<GuestRedemptionPolicy> selecting) {

    public static final Guardrails OFF = new Guardrails(false, null, List.of());

    public Guardrails {
        selecting = selecting.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    public static Guardrails of(String namespace, List<GuestRedemptionPolicy> selecting) {
        return new Guardrails(true, namespace, selecting);
    }
}
