package io.guestops.grr.emulator.directory;

import java.time.Instant;
import java.util.List;

/** An immutable snapshot of a user object; changes produce a new snapshot. */
public record DirectoryUser(String id, String tenantId, String displayName, String givenName, String surname,
                            String userPrincipalName, String mail, List<String> otherMails, List<String> proxyAddresses,
                            String userType, String creationType, String externalUserState,
                            Instant externalUserStateChangeDateTime, List<Identity> identities, String jobTitle,
                            String mobilePhone, String officeLocation, String preferredLanguage,
                            List<String> businessPhones, Boolean accountEnabled, Instant createdDateTime) {

    public DirectoryUser {
        otherMails = List.copyOf(otherMails);
        proxyAddresses = List.copyOf(proxyAddresses);
        identities = List.copyOf(identities);
        businessPhones = List.copyOf(businessPhones);
    }

    public boolean isGuest() {
        return "Guest".equalsIgnoreCase(userType);
    }

    public DirectoryUser withMail(String newMail, List<String> newProxyAddresses) {
        return new DirectoryUser(id, tenantId, displayName, givenName, surname, userPrincipalName, newMail, otherMails,
                newProxyAddresses, userType, creationType, externalUserState, externalUserStateChangeDateTime, identities,
                jobTitle, mobilePhone, officeLocation, preferredLanguage, businessPhones, accountEnabled, createdDateTime);
    }

    public DirectoryUser withOtherMails(List<String> newOtherMails) {
        return new DirectoryUser(id, tenantId, displayName, givenName, surname, userPrincipalName, mail, newOtherMails,
                proxyAddresses, userType, creationType, externalUserState, externalUserStateChangeDateTime, identities,
                jobTitle, mobilePhone, officeLocation, preferredLanguage, businessPhones, accountEnabled, createdDateTime);
    }

    public DirectoryUser withDisplayName(String newDisplayName) {
        return new DirectoryUser(id, tenantId, newDisplayName, givenName, surname, userPrincipalName, mail, otherMails,
                proxyAddresses, userType, creationType, externalUserState, externalUserStateChangeDateTime, identities,
                jobTitle, mobilePhone, officeLocation, preferredLanguage, businessPhones, accountEnabled, createdDateTime);
    }

    public DirectoryUser withExternalState(String newCreationType, String newState, Instant changedAt, List<Identity> newIdentities) {
        return new DirectoryUser(id, tenantId, displayName, givenName, surname, userPrincipalName, mail, otherMails,
                proxyAddresses, userType, newCreationType, newState, changedAt, newIdentities,
                jobTitle, mobilePhone, officeLocation, preferredLanguage, businessPhones, accountEnabled, createdDateTime);
    }

    /** Entra's UPN for an external guest: {@code john_contoso.com#EXT#@fabrikam.onmicrosoft.com}. */
    public static String guestUserPrincipalName(String email, String hostDomain) {
        return email.replace('@', '_') + "#EXT#@" + hostDomain;
    }

    /** A new guest as POST /invitations creates it. */
    public static DirectoryUser invitedGuest(String id, String tenantId, String email, String displayName,
                                             String hostDomain, Instant now) {
        String upn = guestUserPrincipalName(email, hostDomain);
        return new DirectoryUser(id, tenantId, displayName, null, null, upn, email, List.of(),
                List.of("SMTP:" + email), "Guest", "Invitation", "PendingAcceptance", now,
                List.of(new Identity("userPrincipalName", hostDomain, upn)), null, null, null, null,
                List.of(), true, now);
    }
}
