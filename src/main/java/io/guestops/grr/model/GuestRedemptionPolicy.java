package io.guestops.grr.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A guardrail written by cluster admins: which namespaces may reset which guests, to which
 * addresses, through which tenant connections, and how many resets an hour. Cluster-scoped, so a
 * namespace user cannot write one. With policies on, a GuestRedemptionReset acts only when a policy
 * selecting its namespace admits it.
 */
@Group(GuestRedemptionReset.GROUP)
@Version(GuestRedemptionReset.VERSION)
@Kind("GuestRedemptionPolicy")
@Plural("guestredemptionpolicies")
@Singular("guestredemptionpolicy")
@ShortNames("grp")
@AdditionalPrinterColumn(name = "Max Resets Per Hour", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".spec.maxResetsPerHour")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class GuestRedemptionPolicy extends CustomResource<GuestRedemptionPolicySpec, Void> {

    /** Overridden only to mark spec required in the CRD: a policy without rules admits nothing. */
    @Override
    @Required
    public GuestRedemptionPolicySpec getSpec() {
        return super.getSpec();
    }
}
