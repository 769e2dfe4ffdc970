package io.guestops.grr.emulator.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.guestops.grr.emulator.directory.Directory;
import io.guestops.grr.emulator.directory.DirectoryUser;
import io.guestops.grr.emulator.directory.Identity;
import io.guestops.grr.emulator.directory.InvitationRecord;
import io.guestops.grr.emulator.wire.ApiResponse;
import io.guestops.grr.emulator.wire.GraphError;
import io.guestops.grr.emulator.wire.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * POST /invitations: new guest, re-invite, redemption reset, and (dangerously, as Graph does)
 * conversion of an internal member into an external user.
 */
final class InvitationsApi {
    static final String EMAIL_MISMATCH = "The email you're using to invite this user doesn't match any emails on the user object. Please add this email to the user object and try again.";
    static final String ROLE_HOLDER_REFUSED = "Resetting the redemption status of a user who holds a directory role is not allowed with application permissions.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private InvitationsApi() {
    }

    static ApiResponse invite(GraphContext ctx) {
        JsonNode body = Json.parseBody(ctx.request().body());
        if (!body.isObject()) {
            throw new GraphError(400, "BadRequest", "The request body must be a JSON invitation object.");
        }
        String email = requiredText(body, "invitedUserEmailAddress");
        String redirectUrl = requiredText(body, "inviteRedirectUrl");
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new GraphError(400, "BadRequest", "The value of 'invitedUserEmailAddress' is not a valid email address.");
        }
        if (!redirectUrl.matches("(?i)https?://\\S+")) {
            throw new GraphError(400, "BadRequest", "The value of 'inviteRedirectUrl' must be an absolute http or https URL.");
        }
        JsonNode messageInfo = body.get("invitedUserMessageInfo");
        if (messageInfo != null && messageInfo.path("ccRecipients").size() > 1) {
            throw new GraphError(400, "BadRequest", "Only one ccRecipient is supported in invitedUserMessageInfo.ccRecipients.");
        }
        boolean reset = body.path("resetRedemption").asBoolean(false);
        String invitedUserId = Json.text(body.path("invitedUser"), "id");
        if (reset && !ctx.caller().hasAnyRole(Permissions.USER_READ_WRITE_ALL)) {
            throw GraphError.insufficientPrivileges();
        }
        Directory directory = ctx.directory();
        synchronized (directory) {
            Outcome outcome = reset ? resetRedemption(ctx, invitedUserId, email)
                    : invitedUserId != null ? reinviteOrConvert(ctx, invitedUserId, email)
                    : inviteByEmail(ctx, email, Json.text(body, "invitedUserDisplayName"));
            directory.put(outcome.user());
            InvitationRecord record = new InvitationRecord(UUID.randomUUID().toString(), ctx.tenantId(), outcome.user().id(),
                    email, reset, body.path("sendInvitationMessage").asBoolean(false), outcome.memberConverted(),
                    outcome.created(), ctx.now());
            directory.recordInvitation(record);
            String redeemUrl = redeemUrl(ctx, outcome.user());
            directory.recordRedeemUrl(record.id(), redeemUrl);
            return ApiResponse.json(201, response(ctx, body, record, outcome.user(), redeemUrl))
                    .effective(true)
                    .memberConverted(outcome.memberConverted());
        }
    }

    private record Outcome(DirectoryUser user, boolean memberConverted, boolean created) {
    }

    private static String requiredText(JsonNode body, String field) {
        String value = Json.text(body, field);
        if (value == null || value.isBlank()) {
            throw new GraphError(400, "BadRequest", "Required property '" + field + "' is missing or empty.");
        }
        return value;
    }

    private static Outcome resetRedemption(GraphContext ctx, String userId, String email) {
        if (userId == null || userId.isBlank()) {
            throw new GraphError(400, "BadRequest", "invitedUser.id is required when resetRedemption is true.");
        }
        DirectoryUser user = ctx.directory().user(ctx.tenantId(), userId).orElseThrow(() -> GraphError.notFound(userId));
        // With a replication lag configured, a just-patched address may not be visible yet (unconfirmed Graph behaviour).
        var seen = ctx.directory().laggingEmails(user.id(), ctx.now());
        String mail = seen.map(Directory.EmailsSeenByInvitations::mail).orElse(user.mail());
        List<String> otherMails = seen.map(Directory.EmailsSeenByInvitations::otherMails).orElse(user.otherMails());
        boolean known = email.equalsIgnoreCase(mail) || otherMails.stream().anyMatch(email::equalsIgnoreCase);
        if (!known) {
            throw new GraphError(400, "BadRequest", EMAIL_MISMATCH);
        }
        boolean holdsRole = ctx.directory().roleAssignments(ctx.tenantId()).stream()
                .anyMatch(r -> r.principalId().equalsIgnoreCase(user.id()));
        if (holdsRole) {
            throw new GraphError(403, "Forbidden", ROLE_HOLDER_REFUSED);
        }
        return new Outcome(pendingAgain(ctx, user, user.creationType() == null ? "Invitation" : user.creationType()), false, false);
    }

    /** Back to PendingAcceptance, with a change time strictly after the previous one, identities at the host tenant. */
    private static DirectoryUser pendingAgain(GraphContext ctx, DirectoryUser user, String creationType) {
        Instant now = ctx.now();
        Instant previous = user.externalUserStateChangeDateTime();
        Instant changedAt = previous != null && !now.isAfter(previous) ? previous.plusMillis(1) : now;
        List<Identity> identities = List.of(new Identity("userPrincipalName", ctx.tenant().defaultDomain(), user.userPrincipalName()));
        return user.withExternalState(creationType, "PendingAcceptance", changedAt, identities);
    }

    private static Outcome reinviteOrConvert(GraphContext ctx, String userId, String email) {
        DirectoryUser user = ctx.directory().user(ctx.tenantId(), userId).orElseThrow(() -> GraphError.notFound(userId));
        if (!user.isGuest() && user.externalUserState() == null) {
            // What Graph does with an internal member: it becomes an external (B2B) user. userType stays Member.
            return new Outcome(pendingAgain(ctx, user, "Invitation"), true, false);
        }
        if ("Accepted".equals(user.externalUserState())) {
            throw new GraphError(400, "BadRequest", "The invited user has already redeemed an invitation; use resetRedemption to invite them again.");
        }
        return new Outcome(user, false, false);
    }

    private static Outcome inviteByEmail(GraphContext ctx, String email, String displayName) {
        return ctx.directory().users(ctx.tenantId()).stream()
                .filter(u -> email.equalsIgnoreCase(u.mail()))
                .findFirst()
                .map(existing -> new Outcome(existing, false, false))
                .orElseGet(() -> {
                    if (ctx.directory().addressOwner(ctx.tenantId(), email, "").isPresent()) {
                        throw GraphError.badRequest("Another object with the same value for property proxyAddresses already exists.");
                    }
                    return new Outcome(DirectoryUser.invitedGuest(UUID.randomUUID().toString(), ctx.tenantId(), email,
                            displayName, ctx.tenant().defaultDomain(), ctx.now()), false, true);
                });
    }

    private static ObjectNode response(GraphContext ctx, JsonNode request, InvitationRecord record, DirectoryUser user,
                                       String redeemUrl) {
        ObjectNode body = Json.object().put("@odata.context", ctx.graphBase() + "/$metadata#invitations/$entity");
        body.put("id", record.id());
        body.put("inviteRedeemUrl", redeemUrl);
        body.put("invitedUserDisplayName", Json.text(request, "invitedUserDisplayName"));
        body.put("invitedUserType", request.hasNonNull("invitedUserType") ? request.get("invitedUserType").asText() : "Guest");
        body.put("invitedUserEmailAddress", record.invitedUserEmailAddress());
        body.put("sendInvitationMessage", record.sendInvitationMessage());
        body.put("resetRedemption", record.resetRedemption());
        body.put("inviteRedirectUrl", Json.text(request, "inviteRedirectUrl"));
        body.put("status", "PendingAcceptance");
        ObjectNode messageInfo = body.putObject("invitedUserMessageInfo");
        JsonNode given = request.path("invitedUserMessageInfo");
        messageInfo.put("messageLanguage", Json.text(given, "messageLanguage"));
        messageInfo.set("ccRecipients", given.has("ccRecipients") ? given.get("ccRecipients") : Json.MAPPER.createArrayNode());
        messageInfo.put("customizedMessageBody", Json.text(given, "customizedMessageBody"));
        body.putObject("invitedUser").put("id", user.id());
        return body;
    }

    /** A bearer link like Entra's; the ticket is random and never journaled or dumped. */
    private static String redeemUrl(GraphContext ctx, DirectoryUser user) {
        byte[] ticket = new byte[24];
        RANDOM.nextBytes(ticket);
        String inner = "https://invitations.microsoft.com/redeem/?tenant=" + ctx.tenantId() + "&user=" + user.id()
                + "&ticket=" + Base64.getUrlEncoder().withoutPadding().encodeToString(ticket) + "&ver=2.0";
        return "https://login.microsoftonline.com/redeem?rd=" + URLEncoder.encode(inner, StandardCharsets.UTF_8);
    }
}
