package io.guestops.grr.decision;

import io.guestops.grr.decision.facts.Observation;
import io.guestops.grr.decision.facts.Peer;
import io.guestops.grr.decision.facts.Preflight;
import io.guestops.grr.decision.facts.ResolvedGuest;
import io.guestops.grr.decision.outcome.AcknowledgedWrite;
import io.guestops.grr.decision.outcome.FailurePolicy;
import io.guestops.grr.decision.ownership.AddressOwnership;
import io.guestops.grr.decision.ownership.ClaimRule;
import io.guestops.grr.decision.ownership.GuestClaim;
import io.guestops.grr.decision.ownership.GuestLedger;
import io.guestops.grr.decision.ownership.GuestOwnership;
import io.guestops.grr.decision.ownership.ResetLedger;
import io.guestops.grr.decision.policy.Admission;
import io.guestops.grr.decision.policy.Guardrails;
import io.guestops.grr.decision.policy.PolicyCheck;
import io.guestops.grr.decision.spec.Emails;
import io.guestops.grr.decision.step.ConfirmedBy;
import io.guestops.grr.decision.step.Reasons;
import io.guestops.grr.decision.step.Step;
import io.guestops.grr.graph.gateway.EmailUpdate;
import io.guestops.grr.graph.gateway.GuestUser;
import io.guestops.grr.graph.gateway.ResetInvitation;
import io.guestops.grr.model.GuestRedemptionResetSpec;
import io.guestops.grr.model.GuestRedemptionResetStatus;
import io.guestops.grr.model.InvitationSpec;
import io.guestops.grr.model.PendingReset;
import io.guestops.grr.model.ResetRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reconcile decision: a pure function from (spec, what Graph shows, status, the other resources,
 * time) to the one next step. All Graph and Kubernetes effects happen outside it.
 *
 * <p>The order of the checks is the safety argument. A member is refused before anything else can
 * write; a pending reset is settled from Graph's state before any new one is considered; then every
 * check that can refuse (one owner per guest, the size of otherMails, directory roles, addresses
 * other users hold) runs before the first write, so a resource that ends Stalled has written
 * nothing; only then are the addresses fixed, and a reset is issued only once Graph shows them.
 */
public final class ReconcileDecision {

    private final Duration settleWindow;
    private final FailurePolicy failurePolicy;

    /**
     * @param settleWindow how long after a reset request the operator trusts that Graph would show
     *                     its effect; only after it passes with no effect visible is a reset re-sent
     */
    public ReconcileDecision(Duration settleWindow, FailurePolicy failurePolicy) {
        this.settleWindow = settleWindow;
        this.failurePolicy = failurePolicy;
    }

    /**
     * What must be read about {@code user} before {@link #decide} may write: its directory roles
     * when a reset is due or otherMails would change (Graph restricts both for role holders), and who else holds an address the operator would add or reset to.
     */
    public static Preflight preflight(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status) {
        if (!user.isGuest()) {
            return Preflight.NOTHING;
        }
        String previousEmail = ResolvedGuest.of(new Observation.Found(user), status).previousEmail();
        return preflight(spec, user, status, EmailPlan.of(spec, user, previousEmail));
    }

    private static Preflight preflight(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status,
                                       EmailPlan plan) {
        return preflight(spec, user, plan, !ResetLedger.covers(status == null ? null : status.getReset(), user.id(), spec));
    }

    /**
     * @param resetDue whether the spec's request is still to be done (neither status nor the ledger records it)
     */
    private static Preflight preflight(GuestRedemptionResetSpec spec, GuestUser user, EmailPlan plan, boolean resetDue) {
        List<Preflight.Address> addresses = new ArrayList<>(plan.addedTo(user, spec));
        if (resetDue && addresses.stream().noneMatch(a -> Emails.same(a.email(), spec.getDesiredEmail()))) {
            addresses.add(0, new Preflight.Address("spec.desiredEmail", spec.getDesiredEmail().trim()));
        }
        return new Preflight(resetDue || changesRestrictedProperty(plan.changesFrom(user)), addresses);
    }

    /**
     * Graph's user-update page: app-only, changing otherMails (a "sensitive" property) of a user who
     * holds a privileged admin role needs the app itself to hold a higher admin role. mail is not on
     * that list, so a PATCH of mail alone needs no role read.
     */
    private static boolean changesRestrictedProperty(EmailUpdate update) {
        return update.otherMails() != null;
    }

    /**
     * The preflight, plus what the policies that may still admit the resource need from Graph
     * (group membership, the host tenant's verified domains). Read only for a guest.
     */
    public static Preflight preflight(GuestRedemptionResetSpec spec, GuestUser user, GuestRedemptionResetStatus status,
                                      Guardrails guardrails) {
        Preflight own = preflight(spec, user, status);
        if (!user.isGuest() || !guardrails.enforced()) {
            return own;
        }
        return own.withPolicyReads(PolicyCheck.groupIdsToRead(guardrails, spec), PolicyCheck.needsVerifiedDomains(guardrails, spec));
    }

    /** The decision with policies off. */
    public Step decide(GuestRedemptionResetSpec spec, Observation observation, GuestRedemptionResetStatus status,
                       Peer self, List<Peer> others, Instant now) {
        return decide(spec, observation, status, self, others, Admission.UNRESTRICTED, now);
    }

    /**
     * @param self      this resource, as the one-owner rule sees it
     * @param others    the other resources that may name the same guest
     * @param admission the policy verdict ({@link PolicyCheck#admit}) on what was observed; a
     *                  refusal stalls the resource before its first write
     */
    public Step decide(GuestRedemptionResetSpec spec, Observation observation, GuestRedemptionResetStatus status,
                       Peer self, List<Peer> others, Admission admission, Instant now) {
        return decide(spec, observation, status, self, others, admission, GuestClaim.UNREAD, now);
    }

    /**
     * @param claim what this pass knows of the guest's claim ({@link ClaimRule}): once read, the
     *              claim decides who owns the guest, not age; unread, the oldest resource owns it.
     *              The caller takes the claim before a write ({@link ClaimRule#accessFor}, {@link ClaimRule#gate}).
     */
    public Step decide(GuestRedemptionResetSpec spec, Observation observation, GuestRedemptionResetStatus status,
                       Peer self, List<Peer> others, Admission admission, GuestClaim claim, Instant now) {
        GuestRedemptionResetStatus current = status == null ? new GuestRedemptionResetStatus() : status;
        if (observation instanceof Observation.Missing missing) {
            return new Step.Stall(Reasons.USER_NOT_FOUND, "No user in the tenant has " + missing.lookedFor()
                    + ". Check spec.guest." + requestId(missing.requestId()));
        }
        if (observation instanceof Observation.SeveralMatches several) {
            return new Step.Stall(Reasons.AMBIGUOUS_USER, several.userIds().size() + " users have mail '"
                    + several.email() + "' (" + String.join(", ", several.userIds())
                    + "); set spec.guest.userId to the one you mean.");
        }
        if (observation instanceof Observation.Unreadable unreadable) {
            return failurePolicy.onFailure(unreadable.failure(), current.getConsecutiveFailures() + 1, unreadable.doing());
        }
        Observation.Found found = (Observation.Found) observation;
        return decideForUser(spec, found, current, self, others, admission, claim, now);
    }

    private Step decideForUser(GuestRedemptionResetSpec spec, Observation.Found found, GuestRedemptionResetStatus status,
                               Peer self, List<Peer> others, Admission admission, GuestClaim claim, Instant now) {
        GuestUser user = found.user();
        if (!user.isGuest()) {
            return new Step.Stall(Reasons.NOT_A_GUEST, "User " + user.id() + " (" + user.userPrincipalName() + ") has userType "
                    + user.userType() + ". Only guests can have their redemption reset; the operator never invites a member, "
                    + "because that would convert the member into an external user.");
        }
        GuestLedger ledger = claim instanceof GuestClaim.HeldBySelf held ? held.ledger() : GuestLedger.EMPTY;
        PendingReset pending = status.getPendingReset() != null ? status.getPendingReset() : ledgerIntent(ledger, user, status);
        int attempt = 1;
        if (pending != null) {
            boolean fromEntra = status.getPendingReset() == null && ledger.pendingFromEntra();
            Step pendingStep = settlePending(spec, user, pending, fromEntra, now);
            if (pendingStep != null) {
                return pendingStep;
            }
            // Graph has shown no effect for a whole settle window: the request did not land. The
            // normal path below sends it again, after the same checks as the first attempt.
            attempt = pending.getAttempts() + 1;
        }
        EmailPlan plan = EmailPlan.of(spec, user, ResolvedGuest.of(found, status).previousEmail());
        // The owner rule first: a resource another one owns says so (its guest may since have been
        // moved out of the policy's scope by that owner, which is not this resource's fault).
        ResetRecord done = status.getReset();
        boolean statusCovers = ResetLedger.covers(done, user.id(), spec);
        boolean ledgerCovers = !statusCovers && ledger.covers(user.id(), spec);
        boolean resetDue = !statusCovers && !ledgerCovers;
        Optional<Step.Stall> refusal = ownershipRefusal(claim, self, others, user).or(() -> policyRefusal(admission))
                .or(() -> preflightRefusal(spec, found, plan, resetDue));
        if (refusal.isPresent()) {
            return refusal.get();
        }
        EmailUpdate update = plan.changesFrom(user);
        // A read that still shows the state before the operator's acknowledged PATCH is a lagging
        // replica, not a lost write: AcknowledgedWrite says why trusting the 204 is safe.
        if (!update.isEmpty() && !AcknowledgedWrite.alreadyAcknowledged(update, status, now)) {
            return new Step.UpdateEmails(user.id(), update, resetDue);
        }
        if (statusCovers) {
            return new Step.Settled(done);
        }
        if (ledgerCovers) {
            // Recorded as this spec's request, so the next pass finds it done in status.
            ResetRecord last = ledger.last();
            return new Step.AdoptReset(last.adoptedFrom(ConfirmedBy.CLUSTER_LEDGER).forRequest(spec.resetRequestName(),
                    last.getIssuedBy()));
        }
        return issueReset(spec, user, self, now, attempt);
    }

    /**
     * The ledger's intent, when this resource's own status has none: a reset an earlier resource (or
     * an operator of another cluster) was about to send or sent without a clear answer. It is settled
     * from Graph's state like this resource's own, so a re-created resource never sends it twice.
     */
    private static PendingReset ledgerIntent(GuestLedger ledger, GuestUser user, GuestRedemptionResetStatus status) {
        PendingReset intent = ledger.pending();
        if (intent == null || !user.id().equals(intent.getUserId()) || ResetLedger.settles(status.getReset(), intent)) {
            return null;
        }
        return intent;
    }

    /** The claim, once read, names the owner; until then the oldest resource naming the guest owns it. */
    private static Optional<Step.Stall> ownershipRefusal(GuestClaim claim, Peer self, List<Peer> others, GuestUser user) {
        if (claim instanceof GuestClaim.HeldBySelf) {
            return Optional.empty();
        }
        if (claim instanceof GuestClaim.HeldByAnother other) {
            return Optional.of(ClaimRule.heldByAnother(other.holder(), user.id()));
        }
        return GuestOwnership.check(self, others, user);
    }

    /** A resource no policy admits writes nothing. */
    private static Optional<Step.Stall> policyRefusal(Admission admission) {
        return admission instanceof Admission.Denied denied ? Optional.of(denied.asStall()) : Optional.empty();
    }

    /**
     * Every reason to refuse that needs Graph's facts, checked before the first write: a refused
     * resource has written nothing.
     */
    private static Optional<Step.Stall> preflightRefusal(GuestRedemptionResetSpec spec, Observation.Found found, EmailPlan plan,
                                                          boolean resetDue) {
        GuestUser user = found.user();
        if (plan.exceedsGraphLimit()) {
            return Optional.of(new Step.Stall(Reasons.TOO_MANY_OTHER_MAILS, "otherMails would hold " + plan.otherMailsCount()
                    + " addresses; Graph allows at most " + EmailPlan.MAX_OTHER_MAILS + ". Remove some from spec.otherMails.add "
                    + "or from the user. Nothing was sent to Graph."));
        }
        Preflight preflight = preflight(spec, user, plan, resetDue);
        if (preflight.directoryRoles() && found.roles() != null && !found.roles().isEmpty()) {
            return Optional.of(roleHolderRefusal(user, found, resetDue));
        }
        if (!preflight.addresses().isEmpty()) {
            if (found.addressHolders() == null) {
                throw new IllegalStateException("the observer did not read the address holders the preflight asked for");
            }
            return AddressOwnership.check(user, preflight.addresses(), found.addressHolders());
        }
        return Optional.empty();
    }

    /**
     * A role holder: a due reset is refused by Graph for any role; with no reset due, the only write
     * left is a PATCH of otherMails, which Graph refuses unless the app holds a higher admin role.
     * The operator cannot see its own roles, so it refuses before the PATCH instead of looping on 403.
     */
    private static Step.Stall roleHolderRefusal(GuestUser user, Observation.Found found, boolean resetDue) {
        String roles = found.roles().stream().map(r -> r.roleDefinitionId()).collect(Collectors.joining(", "));
        String holds = "User " + user.id() + " holds directory role(s) " + roles;
        if (resetDue) {
            return new Step.Stall(Reasons.HOLDS_DIRECTORY_ROLE, holds + "; Graph refuses an application-only reset of a role "
                    + "holder, so nothing was changed. Remove the role assignment, or reset the guest as a Helpdesk or User "
                    + "Administrator.");
        }
        return new Step.Stall(Reasons.HOLDS_DIRECTORY_ROLE, holds + "; its otherMails differ from the spec, and Graph lets an "
                + "application change otherMails of a privileged role holder only when the application itself holds a higher "
                + "admin role (Privileged Authentication Administrator), so nothing was changed. Remove the role assignment, "
                + "assign that role to the application, or restore otherMails by hand.");
    }

    /**
     * A reset was recorded as about to be sent. Graph's state is the only authority on whether it
     * took effect: the user's externalUserStateChangeDateTime moves when a reset lands.
     * Returns null when the reset is still wanted and did not land, so the normal path decides
     * whether to send it again.
     */
    private Step settlePending(GuestRedemptionResetSpec spec, GuestUser user, PendingReset pending, boolean fromEntra,
                               Instant now) {
        if (tookEffect(user, pending)) {
            ResetRecord record = new ResetRecord(pending.getUserId(), pending.getEmail(), null, pending.getAttemptedAt(),
                    fromEntra ? ConfirmedBy.ENTRA_LEDGER : ConfirmedBy.USER_STATE);
            return new Step.ConfirmReset(record.forRequest(pending.requestName(), pending.getRequestedBy()));
        }
        Instant settlesAt = Instant.parse(pending.getAttemptedAt()).plus(settleWindow);
        if (now.isBefore(settlesAt)) {
            return new Step.AwaitResetOutcome(Duration.between(now, settlesAt), "A reset to " + pending.getEmail()
                    + " was sent at " + pending.getAttemptedAt() + " without a clear answer; waiting until " + settlesAt
                    + " for Graph to show whether it took effect before deciding to send it again.");
        }
        boolean stillWanted = ResetLedger.intends(pending, user.id(), spec);
        if (!stillWanted) {
            return new Step.DropPendingReset("The reset to " + pending.getEmail() + " never took effect and the spec no "
                    + "longer asks for it.");
        }
        return null;
    }

    private static boolean tookEffect(GuestUser user, PendingReset pending) {
        if (!user.id().equals(pending.getUserId())) {
            return false;
        }
        OffsetDateTime changed = user.externalUserStateChangeDateTime();
        if (changed == null) {
            return false;
        }
        if (pending.getBaselineStateChangeTime() == null) {
            return true;
        }
        return changed.toInstant().isAfter(OffsetDateTime.parse(pending.getBaselineStateChangeTime()).toInstant());
    }

    private static Step issueReset(GuestRedemptionResetSpec spec, GuestUser user, Peer self, Instant now, int attempt) {
        InvitationSpec invitation = spec.getInvitation() == null ? new InvitationSpec() : spec.getInvitation();
        String redirect = invitation.getRedirectUrl() == null ? InvitationSpec.DEFAULT_REDIRECT_URL : invitation.getRedirectUrl();
        ResetInvitation request = new ResetInvitation(user.id(), spec.getDesiredEmail().trim(), redirect,
                invitation.isSendInvitationMessage(), blankToNull(invitation.getMessageLanguage()),
                blankToNull(invitation.getCcRecipient()), blankToNull(invitation.getCustomizedMessageBody()));
        OffsetDateTime baseline = user.externalUserStateChangeDateTime();
        PendingReset intent = new PendingReset(user.id(), request.email(), baseline == null ? null : baseline.toString(),
                now.toString(), attempt).forRequest(spec.resetRequestName(), self == null ? null : self.ref().toString());
        return new Step.IssueReset(request, intent);
    }

    /** Graph treats an empty optional field as a value; leaving it out is what the spec author meant. */
    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String requestId(String requestId) {
        return requestId == null ? "" : " (request-id " + requestId + ")";
    }
}
