package io.guestops.grr.model;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * "This Entra ID guest should sign in as this email." The operator syncs the guest's addresses and
 * resets its invitation redemption once for each desired email.
 */
@Group(GuestRedemptionReset.GROUP)
@Version(GuestRedemptionReset.VERSION)
@Kind("GuestRedemptionReset")
@Plural("guestredemptionresets")
@Singular("guestredemptionreset")
@ShortNames("grr")
@AdditionalPrinterColumn(name = "User", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.userId")
@AdditionalPrinterColumn(name = "Email", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.desiredEmail")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Reset", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".status.reset.issuedAt")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class GuestRedemptionReset extends CustomResource<GuestRedemptionResetSpec, GuestRedemptionResetStatus>
        implements Namespaced {

    public static final String GROUP = "guestops.io";
    public static final String VERSION = "v1alpha1";

    /** Overridden only to mark spec required in the CRD: an object without one can never do anything. */
    @Override
    @Required
    public GuestRedemptionResetSpec getSpec() {
        return super.getSpec();
    }

    /**
     * The operator has acted on the current generation and reached an end state: Ready, or Stalled
     * until a person changes something. (Named so that Jackson does not take it for a property.)
     */
    public boolean hasSettled() {
        GuestRedemptionResetStatus status = getStatus();
        return status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration().equals(getMetadata().getGeneration())
                && (status.conditionIsTrue("Ready") || status.conditionIsTrue("Stalled"));
    }
}
