package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.LabelSelector;

/** The rules of one policy. Every rule must hold for the policy to admit a resource. */
public class GuestRedemptionPolicySpec {

    /** The default blast-radius limit. */
    public static final int DEFAULT_MAX_RESETS_PER_HOUR = 10;

    /** The highest limit a policy may set. */
    public static final int MAX_RESETS_PER_HOUR_LIMIT = 10_000;

    @Required
    @JsonPropertyDescription("The namespaces this policy covers, by their labels (a metav1 LabelSelector; {} selects "
            + "every namespace). Resources in other namespaces are not admitted by this policy.")
    private LabelSelector namespaceSelector;

    @Required
    @JsonPropertyDescription("Which guests the selected namespaces may act on. A guest is in scope when any listed rule "
            + "matches; a policy that lists no rule admits no guest.")
    private PolicyGuests guests = new PolicyGuests();

    @JsonPropertyDescription("Which domains a guest may be pointed at (spec.desiredEmail).")
    private PolicyEmailDomains desiredEmailDomains = new PolicyEmailDomains();

    @JsonPropertyDescription("Which tenant connections (spec.connection) the selected namespaces may use.")
    private PolicyConnections connections = new PolicyConnections();

    @JsonPropertyDescription("What the invitation sent with a reset must look like.")
    private PolicyInvitation invitation = new PolicyInvitation();

    @Min(1)
    @Max(MAX_RESETS_PER_HOUR_LIMIT)
    @JsonPropertyDescription("Blast-radius limit: at most this many resets under this policy in any hour (a sliding "
            + "window). Past it, resources wait (Reconciling=True, reason ResetLimitReached, with the time they continue) "
            + "instead of resetting. Default 10.")
    private int maxResetsPerHour = DEFAULT_MAX_RESETS_PER_HOUR;

    public LabelSelector getNamespaceSelector() {
        return namespaceSelector;
    }

    public void setNamespaceSelector(LabelSelector namespaceSelector) {
        this.namespaceSelector = namespaceSelector;
    }

    public PolicyGuests getGuests() {
        return guests;
    }

    public void setGuests(PolicyGuests guests) {
        this.guests = guests;
    }

    public PolicyEmailDomains getDesiredEmailDomains() {
        return desiredEmailDomains;
    }

    public void setDesiredEmailDomains(PolicyEmailDomains desiredEmailDomains) {
        this.desiredEmailDomains = desiredEmailDomains;
    }

    public PolicyConnections getConnections() {
        return connections;
    }

    public void setConnections(PolicyConnections connections) {
        this.connections = connections;
    }

    public PolicyInvitation getInvitation() {
        return invitation;
    }

    public void setInvitation(PolicyInvitation invitation) {
        this.invitation = invitation;
    }

    public int getMaxResetsPerHour() {
        return maxResetsPerHour;
    }

    public void setMaxResetsPerHour(int maxResetsPerHour) {
        this.maxResetsPerHour = maxResetsPerHour;
    }
}
