package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What the invitation sent with a reset must look like. */
public class PolicyInvitation {

    @JsonPropertyDescription("Whether spec.invitation.sendInvitationMessage must be true, so the guest (and whoever "
            + "reads that mailbox) learns of the reset from Microsoft. Default false.")
    private boolean requireInvitationMessage;

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Hosts spec.invitation.redirectUrl may point at (contoso.com, *.contoso.com or *). "
            + "Empty allows only the default, https://myapps.microsoft.com.")
    private List<@Pattern(PolicyDomains.PATTERN) String> redirectUrlHosts = new ArrayList<>();

    public boolean isRequireInvitationMessage() {
        return requireInvitationMessage;
    }

    public void setRequireInvitationMessage(boolean requireInvitationMessage) {
        this.requireInvitationMessage = requireInvitationMessage;
    }

    public List<String> getRedirectUrlHosts() {
        return redirectUrlHosts;
    }

    public void setRedirectUrlHosts(List<String> redirectUrlHosts) {
        this.redirectUrlHosts = redirectUrlHosts;
    }
}
