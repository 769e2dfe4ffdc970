package io.guestops.grr.decision.ownership;

import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.GuestUser;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An address another user holds is never added to the guest nor reset to: an invitation to it
 * could be redeemed by whoever controls that user's mailbox, handing them the guest's access.
 * Graph itself refuses a duplicate {@code mail}, but not a duplicate {@code otherMails} entry, and
 * resets to either.
 */
public final class AddressOwnership {

    private AddressOwnership() {
    }

    /**
     * @param addresses the addresses the operator would add or reset to, with the spec field naming each
     * @param holders   every user Graph found holding one of them
     */
    public static Optional<Step.Stall> check(GuestUser guest, List<Preflight.Address> addresses, List<GuestUser> holders) {
        for (Preflight.Address address : addresses) {
            for (GuestUser holder : holders) {
                if (holder.id().equalsIgnoreCase(guest.id())) {
                    continue;
                }
                Optional<String> how = howHeld(holder, address.email());
                if (how.isPresent()) {
                    return Optional.of(new Step.Stall(Reasons.ADDRESS_OWNED_BY_ANOTHER_USER, address.field() + " '"
                            + address.email() + "' is held by another user, " + holder.id() + " (" + how.get()
                            + "); an invitation to it could be redeemed by whoever controls that user's address. "
                            + "Nothing was sent to Graph. Remove the address from that user, or choose another one."));
                }
            }
        }
        return Optional.empty();
    }

    /** How {@code user} holds {@code email}, or empty when it does not. */
    static Optional<String> howHeld(GuestUser user, String email) {
        if (Emails.same(user.mail(), email)) {
            return Optional.of("as its mail");
        }
        if (user.otherMails().stream().anyMatch(other -> Emails.same(other, email))) {
            return Optional.of("in its otherMails");
        }
        if (user.proxyAddresses().stream().anyMatch(proxy -> isSmtpProxyOf(proxy, email))) {
            return Optional.of("as a proxy address");
        }
        if (Emails.same(user.userPrincipalName(), email)) {
            return Optional.of("as its user principal name");
        }
        return Optional.empty();
    }

    private static boolean isSmtpProxyOf(String proxy, String email) {
        return proxy != null && proxy.toLowerCase(Locale.ROOT).startsWith("smtp:") && Emails.same(proxy.substring(5), email);
    }
}
