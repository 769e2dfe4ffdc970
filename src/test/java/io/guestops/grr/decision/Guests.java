package io.guestops.grr.decision;

import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.GuestReference;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.time.OffsetDateTime;
import java.util.List;

/** Test data for the decision tests: guests as Graph returns them, specs and statuses as Kubernetes holds them. */
public final class Guests {

    public static final String USER_ID = "11111111-2222-3333-4444-555555555555";
    public static final String OTHER_USER_ID = "99999999-8888-7777-6666-555555555555";
    public static final String OLD_MAIL = "jane@old.example";
    public static final String NEW_MAIL = "jane@new.example";
    public static final OffsetDateTime ACCEPTED_AT = OffsetDateTime.parse("2024-03-01T09:00:00Z");

    private Guests() {
    }

    public static GuestUser guest(String mail, List<String> otherMails) {
        return user(USER_ID, "Guest", mail, otherMails, ACCEPTED_AT);
    }

    public static GuestUser user(String id, String userType, String mail, List<String> otherMails, OffsetDateTime stateChangedAt) {
        return new GuestUser(id, "Jane Doe", "jane_old.example#EXT#@host.onmicrosoft.com", mail, otherMails, userType,
                "Invitation", "Accepted", stateChangedAt, List.of(), List.of());
    }

    /** The same user after Graph moved its externalUserStateChangeDateTime (what a reset that lands does). */
    public static GuestUser withStateChangedAt(GuestUser user, OffsetDateTime changedAt) {
        return new GuestUser(user.id(), user.displayName(), user.userPrincipalName(), user.mail(), user.otherMails(),
                user.userType(), user.creationType(), "PendingAcceptance", changedAt, user.identities(), user.proxyAddresses());
    }

    public static GuestRedemptionResetSpec spec(String desiredEmail) {
        GuestRedemptionResetSpec spec = new GuestRedemptionResetSpec();
        spec.setGuest(new GuestReference(USER_ID, null));
        spec.setDesiredEmail(desiredEmail);
        return spec;
    }

    public static GuestRedemptionResetStatus status() {
        return new GuestRedemptionResetStatus();
    }

    /** The status the operator writes once it has resolved the user and remembered its first mail. */
    public static GuestRedemptionResetStatus resolved(String userId, String previousEmail) {
        GuestRedemptionResetStatus status = new GuestRedemptionResetStatus();
        status.setUserId(userId);
        status.setPreviousEmail(previousEmail);
        return status;
    }

    public static GuestRedemptionResetStatus withPending(GuestRedemptionResetStatus status, PendingReset pending) {
        status.setPendingReset(pending);
        return status;
    }

    public static GuestRedemptionResetStatus withReset(GuestRedemptionResetStatus status, ResetRecord reset) {
        status.setReset(reset);
        return status;
    }
}
