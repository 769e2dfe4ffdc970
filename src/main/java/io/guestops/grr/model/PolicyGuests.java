package io.guestops.grr.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Which guests a policy lets its namespaces act on. A guest is in scope when any listed rule matches it; no rule listed admits no guest. */
public class PolicyGuests {

    /** The most group ids a policy may list: checkMemberGroups takes 20 a call, so this stays 5 reads. */
    public static final int MAX_GROUP_IDS = 100;

    /** The most object ids a policy may list. */
    public static final int MAX_USER_IDS = 1000;

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Guests whose current mail is in one of these domains: contoso.com (exactly), "
            + "*.contoso.com (its subdomains) or * (any guest with a mail).")
    private List<@Pattern(PolicyDomains.PATTERN) String> mailDomains = new ArrayList<>();

    @Size(max = PolicyDomains.MAX_ENTRIES)
    @JsonPropertyDescription("Guests whose user principal name is in one of these domains. For an external user "
            + "(alex_fabrikam.com#EXT#@contoso.onmicrosoft.com) the domain is the guest's home domain encoded before "
            + "#EXT# (fabrikam.com), not the host tenant's.")
    private List<@Pattern(PolicyDomains.PATTERN) String> userPrincipalNameDomains = new ArrayList<>();

    @Size(max = MAX_GROUP_IDS)
    @JsonPropertyDescription("Guests that are members of one of these Entra groups (object ids), directly or through "
            + "nested groups. Read from Graph (checkMemberGroups; the operator needs GroupMember.Read.All).")
    private List<@Pattern(GuestReference.OBJECT_ID_PATTERN) String> groupIds = new ArrayList<>();

    @Size(max = MAX_USER_IDS)
    @JsonPropertyDescription("Guests with one of these object ids.")
    private List<@Pattern(GuestReference.OBJECT_ID_PATTERN) String> userIds = new ArrayList<>();

    public List<String> getMailDomains() {
        return mailDomains;
    }

    public void setMailDomains(List<String> mailDomains) {
        this.mailDomains = mailDomains;
    }

    public List<String> getUserPrincipalNameDomains() {
        return userPrincipalNameDomains;
    }

    public void setUserPrincipalNameDomains(List<String> userPrincipalNameDomains) {
        this.userPrincipalNameDomains = userPrincipalNameDomains;
    }

    public List<String> getGroupIds() {
        return groupIds;
    }

    public void setGroupIds(List<String> groupIds) {
        this.groupIds = groupIds;
    }

    public List<String> getUserIds() {
        return userIds;
    }

    public void setUserIds(List<String> userIds) {
        this.userIds = userIds;
    }
}
