package io.guestops.grr.graph.gateway;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The fields of a Graph user the operator reads ({@code $select} names exactly these).
 *
 * @param userType                         Member or Guest
 * @param creationType                     "Invitation" for invited externals, else null
 * @param externalUserState                PendingAcceptance, Accepted, or null
 * @param externalUserStateChangeDateTime  when {@code externalUserState} last changed; a reset moves it
 * @param proxyAddresses                   Exchange addresses, {@code SMTP:} for the primary and {@code smtp:} for the rest
 */
public record GuestUser(
        String id,
        String displayName,
        String userPrincipalName,
        String mail,
        List<String> otherMails,
        String userType,
        String creationType,
        String externalUserState,
        OffsetDateTime externalUserStateChangeDateTime,
        List<Identity> identities,
        List<String> proxyAddresses) {

    public GuestUser {
        otherMails = otherMails == null ? List.of() : List.copyOf(otherMails);
        identities = identities == null ? List.of() : List.copyOf(identities);
        proxyAddresses = proxyAddresses == null ? List.of() : List.copyOf(proxyAddresses);
    }

    /** The fields to name in {@code $select} when reading a user. */
    public static final String[] SELECT = {
            "id", "displayName", "userPrincipalName", "mail", "otherMails", "userType", "creationType",
            "externalUserState", "externalUserStateChangeDateTime", "identities", "proxyAddresses"};

    public boolean isGuest() {
        return "Guest".equalsIgnoreCase(userType);
    }

    /** One sign-in identity of the user (Graph's objectIdentity). */
    public record Identity(String signInType, String issuer, String issuerAssignedId) {}
}
