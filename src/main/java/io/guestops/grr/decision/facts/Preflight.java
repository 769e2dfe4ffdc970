package io.guestops.grr.decision.facts;

import java.util.List;

/**
 * What the decision must know, beyond the user itself, before it may write anything: every check
 * that can refuse runs before the first write, so the observer reads these facts up front.
 *
 * @param directoryRoles whether the user's directory roles are needed (a reset is due, or a PATCH of otherMails,
 *                       which Graph restricts for role holders)
 * @param addresses      addresses the operator would add to the user or reset to; Graph is asked
 *                       who else holds them
 * @param groupIds       groups whose transitive membership a policy needs (checkMemberGroups)
 * @param verifiedDomains whether a policy needs the host tenant's verified domains
 */
public record Preflight(boolean directoryRoles, List<Address> addresses, List<String> groupIds, boolean verifiedDomains) {

    /** An address to check, and the spec field that asks for it (for the message). */
    public record Address(String field, String email) {}

    public static final Preflight NOTHING = new Preflight(false, List.of());

    public Preflight {
        addresses = List.copyOf(addresses);
        groupIds = List.copyOf(groupIds);
    }

    /** The reads the decision's own rules need, without policies. */
    public Preflight(boolean directoryRoles, List<Address> addresses) {
        this(directoryRoles, addresses, List.of(), false);
    }

    /** These reads plus what the policies that may admit the resource need. */
    public Preflight withPolicyReads(List<String> groups, boolean domains) {
        return new Preflight(directoryRoles, addresses, groups, domains);
    }

    /** The addresses alone, for the Graph lookup. */
    public List<String> emails() {
        return addresses.stream().map(Address::email).distinct().toList();
    }
}
