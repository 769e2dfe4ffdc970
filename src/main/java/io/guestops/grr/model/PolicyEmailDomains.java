package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Which domains a guest may be pointed at (spec.desiredEmail). A denied domain wins over an allowed one. */
public class PolicyEmailDomains {

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Domains spec.desiredEmail may be in: contoso.com, *.contoso.com or * (any). Empty "
            + "allows none.")
    private List<@Pattern(PolicyDomains.PATTERN) String> allowed = new ArrayList<>();

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Domains spec.desiredEmail may never be in, even when allowed matches.")
    private List<@Pattern(PolicyDomains.PATTERN) String> denied = new ArrayList<>();

    @JsonPropertyDescription("Whether the host tenant's own verified domains may become a guest's sign-in address. "
            + "Default false: such an address belongs to a member of the host tenant, and a guest redeeming with it "
            + "would be handed to whoever holds that mailbox. Read from Graph (GET /domains; Domain.Read.All).")
    private boolean allowHostTenantDomains;

    public List<String> getAllowed() {
        return allowed;
    }

    public void setAllowed(List<String> allowed) {
        this.allowed = allowed;
    }

    public List<String> getDenied() {
        return denied;
    }

    public void setDenied(List<String> denied) {
        this.denied = denied;
    }

    public boolean isAllowHostTenantDomains() {
        return allowHostTenantDomains;
    }

    public void setAllowHostTenantDomains(boolean allowHostTenantDomains) {
        this.allowHostTenantDomains = allowHostTenantDomains;
    }
}
